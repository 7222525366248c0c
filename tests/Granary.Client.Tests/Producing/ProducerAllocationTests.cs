// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Client.Tests.Infrastructure;
using Xunit;

namespace Granary.Client.Tests.Producing;

/// <summary>
/// What Produce allocates per record on the calling thread: the record, which is also the delivery report its handler
/// receives, and nothing else (no second timestamp, no lookup key, no per-record closure or task). The caller's
/// messages are made before measuring. Counted over several windows and the least is asserted, because the buffer's
/// queues grow now and then (amortized, and not at all once grown).
/// </summary>
public class ProducerAllocationTests
{
    private const int Records = 2_000;
    private const int Windows = 5;

    // The record on 64-bit: the object header and method table (16), DeliveryResult's and DeliveryReport's fields
    // (message, topic, partition, offset, leader epoch, status, error: 48) and the pending record's (producer, key,
    // value, headers, handler, task, span: 56; create time, enqueue time: 16; state, size: 8).
    // A delivery report allocated besides it (+56 at least) or any other object per record would exceed the bound.
    private const int RecordBytes = 144;

    // Slack for what a future field adds, without letting a second object per record through.
    private const int Slack = 16;

    [Fact]
    public async Task Produce_allocates_only_the_record_itself_on_the_calling_thread()
    {
        await using var silo = await TestSilo.StartAsync(("alloc-produce", 1));
        using var producer = new ProducerBuilder<Null, byte[]>(new ProducerConfig
        {
            BootstrapServers = silo.BootstrapServers,
            LingerMs = 5,
            QueueBufferingMaxMessages = Records * 2,
        }).Build();

        // Metadata, the producer id and the partition's sender are set up before measuring.
        await producer.ProduceAsync("alloc-produce", new Message<Null, byte[]> { Value = new byte[100] });
        var value = new byte[100];
        var messages = Enumerable.Range(0, Records * Windows).Select(_ => new Message<Null, byte[]> { Value = value }).ToArray();
        var delivered = 0;
        var failed = 0;
        Action<DeliveryReport<Null, byte[]>> handler = report =>
        {
            Interlocked.Increment(ref delivered);
            if (report.Error.IsError)
            {
                Interlocked.Increment(ref failed);
            }
        };

        var least = long.MaxValue;
        for (var window = 0; window < Windows; window++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < Records; i++)
            {
                producer.Produce("alloc-produce", messages[(window * Records) + i], handler);
            }

            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            least = Math.Min(least, allocated / Records);
            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
        }

        Assert.Equal(Records * Windows, Volatile.Read(ref delivered));
        Assert.Equal(0, Volatile.Read(ref failed));
        Assert.InRange(least, RecordBytes, RecordBytes + Slack);
    }

    [Fact]
    public async Task A_delivery_report_is_the_record_with_its_outcome_and_the_callers_message()
    {
        await using var silo = await TestSilo.StartAsync(("alloc-report", 1));
        using var producer = new ProducerBuilder<Null, byte[]>(new ProducerConfig { BootstrapServers = silo.BootstrapServers, LingerMs = 0 }).Build();
        var reports = new List<DeliveryReport<Null, byte[]>>();
        var messages = Enumerable.Range(0, 3).Select(i => new Message<Null, byte[]> { Value = [(byte)i] }).ToArray();
        var startedMs = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var message in messages)
        {
            producer.Produce("alloc-report", message, report =>
            {
                lock (reports)
                {
                    reports.Add(report);
                }
            });
        }

        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
        var endedMs = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        lock (reports)
        {
            Assert.Equal(3, reports.Count);
            Assert.Equal(3, reports.Distinct().Count());
            for (var i = 0; i < 3; i++)
            {
                var report = reports.Single(r => ReferenceEquals(r.Message, messages[i]));
                Assert.False(report.Error.IsError);
                Assert.Equal(ErrorCode.NoError, report.Error.Code);
                Assert.Equal("alloc-report", report.Topic);
                Assert.Equal(0, report.Partition.Value);
                Assert.Equal(PersistenceStatus.Persisted, report.Status);
                Assert.Equal(TimestampType.CreateTime, report.Message.Timestamp.Type);

                // The CreateTime is derived from the monotonic clock read when the record was accepted: it is wall-clock time.
                Assert.InRange(report.Message.Timestamp.UnixTimestampMs, startedMs - 5, endedMs + 5);
            }

            Assert.Equal([0L, 1L, 2L], reports.Select(r => r.Offset.Value).Order());
        }
    }
}
