// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Text;
using Xunit;
using static Granary.Client.Tests.Consuming.ConsumerTestKit;

namespace Granary.Client.Tests.Consuming;

public class ConsumerTests
{
    [Fact]
    public async Task AssignedPartitionsAreReadInOrderWithHeadersAndPartitionEof()
    {
        await using var silo = await GroupTestSilo.StartAsync(("orders", 2));
        await ProduceAsync(silo.BootstrapServers, "orders", 0, 30);
        await ProduceAsync(silo.BootstrapServers, "orders", 1, 20, first: 100);
        var config = Config(silo.BootstrapServers);
        config.EnablePartitionEof = true;
        using var consumer = new ConsumerBuilder<string, string>(config).Build();
        consumer.Assign([new TopicPartitionOffset("orders", 0, Offset.Beginning), new TopicPartitionOffset("orders", 1, Offset.Beginning)]);

        var records = new List<ConsumeResult<string, string>>();
        var eofs = new HashSet<int>();
        var deadline = Environment.TickCount64 + 30_000;
        while ((records.Count < 50 || eofs.Count < 2) && Environment.TickCount64 < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (result is null)
            {
                continue;
            }

            if (result.IsPartitionEOF)
            {
                Assert.Null(result.Message);
                eofs.Add(result.Partition.Value);
            }
            else
            {
                records.Add(result);
            }
        }

        Assert.Equal(50, records.Count);
        Assert.Equal([0, 1], eofs.Order());
        var p0 = records.Where(r => r.Partition == 0).ToList();
        Assert.Equal(Enumerable.Range(0, 30).Select(i => (long)i), p0.Select(r => r.Offset.Value));
        Assert.Equal(Enumerable.Range(0, 30).Select(i => $"k{i}"), p0.Select(r => r.Message!.Key));
        Assert.Equal(Enumerable.Range(100, 20).Select(i => $"v{i}"), records.Where(r => r.Partition == 1).Select(r => r.Message!.Value));
        var header = Assert.Single(p0[7].Message!.Headers!);
        Assert.Equal("n", header.Key);
        Assert.Equal("7", Encoding.UTF8.GetString(header.GetValueBytes()!));
        Assert.Equal(TimestampType.CreateTime, p0[7].Message!.Timestamp.Type);
        Assert.Equal(new Offset(30), consumer.Position(new TopicPartition("orders", 0)));
        Assert.Equal(new Offset(20), consumer.Position(new TopicPartition("orders", 1)));
        var watermarks = consumer.GetWatermarkOffsets(new TopicPartition("orders", 0));
        Assert.Equal(new Offset(30), watermarks.High);
        var queried = consumer.QueryWatermarkOffsets(new TopicPartition("orders", 1), TimeSpan.FromSeconds(10));
        Assert.Equal((0L, 20L), (queried.Low.Value, queried.High.Value));
    }

    [Fact]
    public async Task CommittedOffsetsSurviveAConsumerRestartAndASiloRestart()
    {
        await using var silo = await GroupTestSilo.StartAsync(("events", 1));
        await ProduceAsync(silo.BootstrapServers, "events", 0, 50);
        var tp = new TopicPartition("events", 0);
        var committed = new List<CommittedOffsets>();
        var config = Config(silo.BootstrapServers, "restart-group");
        config.EnableAutoCommit = false;
        using (var consumer = new ConsumerBuilder<string, string>(config).SetOffsetsCommittedHandler((_, c) => committed.Add(c)).Build())
        {
            consumer.Assign(tp);
            var first = ConsumeRecords(consumer, 30);
            Assert.Equal(30, first.Count);
            consumer.Commit(first[^1]);
            Assert.Equal(new Offset(30), Assert.Single(consumer.Committed(TimeSpan.FromSeconds(10))).Offset);
            var report = Assert.Single(committed);
            Assert.False(report.Error.IsError);
            Assert.Equal(new Offset(30), Assert.Single(report.Offsets).Offset);
        }

        using (var consumer = new ConsumerBuilder<string, string>(Config(silo.BootstrapServers, "restart-group")).Build())
        {
            consumer.Assign(tp);
            var next = ConsumeRecords(consumer, 5);
            Assert.Equal(30, next[0].Offset.Value);
            consumer.Commit([new TopicPartitionOffset(tp, 35)]);
        }

        await silo.StopAsync();
        await silo.StartAgainAsync();
        using (var consumer = new ConsumerBuilder<string, string>(Config(silo.BootstrapServers, "restart-group")).Build())
        {
            Assert.Equal(new Offset(35), Assert.Single(consumer.Committed([tp], TimeSpan.FromSeconds(20))).Offset);
            consumer.Assign(tp);
            var after = ConsumeRecords(consumer, 15);
            Assert.Equal(Enumerable.Range(35, 15).Select(i => (long)i), after.Select(r => r.Offset.Value));
        }
    }

    [Fact]
    public async Task SeekByOffsetAndByTimestamp()
    {
        await using var silo = await GroupTestSilo.StartAsync(("timed", 1));
        const long baseTime = 1_700_000_000_000;
        await ProduceAsync(silo.BootstrapServers, "timed", 0, 20, timestamp: i => new Timestamp(baseTime + (i * 1000), TimestampType.CreateTime));
        var tp = new TopicPartition("timed", 0);
        using var consumer = new ConsumerBuilder<string, string>(Config(silo.BootstrapServers)).Build();
        consumer.Assign(new TopicPartitionOffset(tp, Offset.Beginning));
        Assert.Equal(20, ConsumeRecords(consumer, 20).Count);

        consumer.Seek(new TopicPartitionOffset(tp, 4));
        var fromFour = ConsumeRecords(consumer, 3);
        Assert.Equal([4L, 5L, 6L], fromFour.Select(r => r.Offset.Value));

        var found = Assert.Single(consumer.OffsetsForTimes([new TopicPartitionTimestamp(tp, new Timestamp(baseTime + 11_500, TimestampType.CreateTime))], TimeSpan.FromSeconds(10)));
        Assert.Equal(new Offset(12), found.Offset);
        consumer.Seek(found);
        var fromTwelve = ConsumeRecords(consumer, 2);
        Assert.Equal([12L, 13L], fromTwelve.Select(r => r.Offset.Value));
        Assert.Equal(baseTime + 12_000, fromTwelve[0].Message!.Timestamp.UnixTimestampMs);

        var beyond = Assert.Single(consumer.OffsetsForTimes([new TopicPartitionTimestamp(tp, new Timestamp(baseTime + 99_000, TimestampType.CreateTime))], TimeSpan.FromSeconds(10)));
        Assert.Equal(Offset.End, beyond.Offset);
    }

    [Fact]
    public async Task PausedPartitionsDeliverNothingUntilResumed()
    {
        await using var silo = await GroupTestSilo.StartAsync(("paused", 2));
        await ProduceAsync(silo.BootstrapServers, "paused", 0, 10);
        await ProduceAsync(silo.BootstrapServers, "paused", 1, 10);
        var p0 = new TopicPartition("paused", 0);
        var p1 = new TopicPartition("paused", 1);
        using var consumer = new ConsumerBuilder<string, string>(Config(silo.BootstrapServers)).Build();
        consumer.Assign([new TopicPartitionOffset(p0, Offset.Beginning), new TopicPartitionOffset(p1, Offset.Beginning)]);
        consumer.Pause([p0]);

        var first = ConsumeRecords(consumer, 10);
        Assert.All(first, r => Assert.Equal(1, r.Partition.Value));
        for (var i = 0; i < 10; i++)
        {
            Assert.Null(consumer.Consume(TimeSpan.FromMilliseconds(50)));
        }

        consumer.Resume([p0]);
        var second = ConsumeRecords(consumer, 10);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), second.Select(r => r.Offset.Value));
        Assert.All(second, r => Assert.Equal(0, r.Partition.Value));
    }

    [Fact]
    public async Task ConsumeAllAsyncEndsQuietlyWhenCancelled()
    {
        await using var silo = await GroupTestSilo.StartAsync(("stream", 1));
        await ProduceAsync(silo.BootstrapServers, "stream", 0, 25);
        using var consumer = new ConsumerBuilder<string, string>(Config(silo.BootstrapServers)).Build();
        consumer.Assign(new TopicPartitionOffset("stream", 0, Offset.Beginning));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var seen = new List<long>();
        await foreach (var result in consumer.ConsumeAllAsync(cts.Token))
        {
            seen.Add(result.Offset.Value);
            if (seen.Count == 25)
            {
                // Nothing more arrives: the enumeration must end on cancellation, not throw.
                cts.CancelAfter(TimeSpan.FromMilliseconds(300));
            }
        }

        Assert.Equal(Enumerable.Range(0, 25).Select(i => (long)i), seen);
        Assert.True(cts.IsCancellationRequested);
    }

    [Fact]
    public async Task InterceptorsSeeRecordsAndCommitsAndTheirExceptionsDoNotBreakConsumption()
    {
        await using var silo = await GroupTestSilo.StartAsync(("intercepted", 1));
        await ProduceAsync(silo.BootstrapServers, "intercepted", 0, 10);
        var interceptor = new RecordingInterceptor();
        var logs = new List<LogMessage>();
        var config = Config(silo.BootstrapServers, "intercept-group");
        config.EnableAutoCommit = false;
        using var consumer = new ConsumerBuilder<string, string>(config)
            .AddInterceptor(new ThrowingInterceptor())
            .AddInterceptor(interceptor)
            .SetLogHandler((_, m) => { lock (logs) { logs.Add(m); } })
            .Build();
        consumer.Assign(new TopicPartitionOffset("intercepted", 0, Offset.Beginning));
        var records = ConsumeRecords(consumer, 10);
        Assert.Equal(10, records.Count);
        Assert.Equal(records.Select(r => r.Offset.Value), interceptor.Consumed);
        var committed = consumer.Commit();
        Assert.Equal(new Offset(10), Assert.Single(committed).Offset);
        Assert.Equal(new Offset(10), Assert.Single(interceptor.Commits).Offset);
        lock (logs)
        {
            Assert.Contains(logs, l => l.Message.Contains("interceptor OnConsume", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task DeserializationErrorsSurfaceAsConsumeExceptionsWithTheRawRecord()
    {
        await using var silo = await GroupTestSilo.StartAsync(("raw", 1));
        await ProduceAsync(silo.BootstrapServers, "raw", 0, 3);
        using var consumer = new ConsumerBuilder<string, int>(Config(silo.BootstrapServers)).Build();
        consumer.Assign(new TopicPartitionOffset("raw", 0, Offset.Beginning));
        ConsumeException? error = null;
        var deadline = Environment.TickCount64 + 30_000;
        while (error is null && Environment.TickCount64 < deadline)
        {
            try
            {
                consumer.Consume(TimeSpan.FromMilliseconds(100));
            }
            catch (ConsumeException ex)
            {
                error = ex;
            }
        }

        Assert.NotNull(error);
        Assert.Equal(ErrorCode.Local_ValueDeserialization, error.Error.Code);
        Assert.Equal("v0", Encoding.UTF8.GetString(error.ConsumerRecord.Message!.Value));
        Assert.Equal(0, error.ConsumerRecord.Offset.Value);
    }

    private sealed class RecordingInterceptor : IConsumerInterceptor<string, string>
    {
        public List<long> Consumed { get; } = [];

        public List<TopicPartitionOffsetError> Commits { get; } = [];

        public void OnConsume(ConsumeResult<string, string> result) => Consumed.Add(result.Offset.Value);

        public void OnCommit(IReadOnlyList<TopicPartitionOffsetError> offsets, Error error) => Commits.AddRange(offsets);
    }

    private sealed class ThrowingInterceptor : IConsumerInterceptor<string, string>
    {
        public void OnConsume(ConsumeResult<string, string> result) => throw new InvalidOperationException("interceptor bug");

        public void OnCommit(IReadOnlyList<TopicPartitionOffsetError> offsets, Error error) => throw new InvalidOperationException("interceptor bug");
    }
}
