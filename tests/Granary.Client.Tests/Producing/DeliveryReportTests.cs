// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Globalization;
using Xunit;

namespace Granary.Client.Tests.Producing;

/// <summary>
/// Delivery reports of Produce while batches are retried after connection cuts (each carries its own record, exactly
/// once, in produce order), and the allocations of the Produce path itself.
/// </summary>
public class DeliveryReportTests
{
    [Fact]
    public async Task Every_report_carries_its_own_message_once_with_offsets_in_produce_order_across_connection_cuts()
    {
        await using var silo = await ProxiedSilo.StartAsync("reports", 2);
        var config = silo.CutTolerantProducerConfig(batchNumMessages: 50);
        using var producer = (Granary.Client.Producing.Producer<Null, string>)new ProducerBuilder<Null, string>(config).Build();
        await producer.ProduceAsync(new TopicPartition("reports", 0), new Message<Null, string> { Value = "warm" });
        await producer.ProduceAsync(new TopicPartition("reports", 1), new Message<Null, string> { Value = "warm" });
        silo.Proxy.StartChaos(seed: 7, minInterval: 20, maxInterval: 120, maxCuts: 20);

        const int MinCount = 4000;
        const int MaxCount = 60000;
        var reports = new int[MaxCount];
        var offsets = new long[MaxCount];
        var mismatches = new List<string>();
        var count = 0;
        for (var i = 0; i < MaxCount && (i < MinCount || producer.Core.Resends == 0); i++, count++)
        {
            var index = i;
            var message = new Message<Null, string> { Value = i.ToString(CultureInfo.InvariantCulture) };
            producer.Produce(new TopicPartition("reports", i % 2), message, r =>
            {
                // Handlers never run concurrently, so plain writes are enough.
                reports[index]++;
                offsets[index] = r.Offset.Value;
                if (!ReferenceEquals(r.Message, message) || r.Value != index.ToString(CultureInfo.InvariantCulture) || r.Error.IsError || r.Partition.Value != index % 2)
                {
                    mismatches.Add($"record {index}: value {r.Value}, partition {r.Partition.Value}, error {r.Error.Reason}");
                }
            });
            if (i % 100 == 0)
            {
                await Task.Delay(15);
            }
        }

        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(120)));
        await silo.Proxy.StopChaosAsync();
        Assert.Empty(mismatches);
        Assert.All(reports.Take(count), n => Assert.Equal(1, n));
        Assert.True(producer.Core.Resends > 0, "No batch was resent.");
        for (var p = 0; p < 2; p++)
        {
            // Offsets follow produce order within a partition: record i is the (i / 2 + 1)-th after the warm-up record.
            var expected = Enumerable.Range(0, count).Where(i => i % 2 == p).Select(i => (long)(i / 2) + 1);
            Assert.Equal(expected, Enumerable.Range(0, count).Where(i => i % 2 == p).Select(i => offsets[i]));
            var log = await ProducerTests.FetchAllAsync(silo.DirectServers, "reports", p);
            Assert.Equal(Enumerable.Range(0, count).Where(i => i % 2 == p).Select(i => i.ToString(CultureInfo.InvariantCulture)).Prepend("warm"), log.Select(r => r.Value));
        }
    }

    [Fact]
    public async Task A_warm_producer_allocates_at_most_one_small_object_per_produced_record()
    {
        await using var silo = await ProxiedSilo.StartAsync("alloc", 1);
        using var producer = new ProducerBuilder<Null, byte[]>(new ProducerConfig { BootstrapServers = silo.DirectServers, LingerMs = 5 }).Build();
        var tp = new TopicPartition("alloc", 0);
        var value = new byte[100];
        var delivered = 0;
        Action<DeliveryReport<Null, byte[]>> handler = _ => delivered++;
        const int Records = 10000;
        var messages = new Message<Null, byte[]>[Records];

        // The first rounds warm the partition queue, the batch buffers and the JIT.
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < Records; i++)
            {
                messages[i] = new Message<Null, byte[]> { Value = value };
            }

            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < Records; i++)
            {
                producer.Produce(tp, messages[i], handler);
            }

            var perRecord = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Records;
            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(60)));
            if (round == 2)
            {
                // One pending-record object (about 130 bytes) plus the amortized growth of the partition queue.
                Assert.True(perRecord < 200, $"{perRecord:F1} bytes per record on the Produce path.");
            }
        }

        Assert.Equal(3 * Records, Volatile.Read(ref delivered));
    }
}
