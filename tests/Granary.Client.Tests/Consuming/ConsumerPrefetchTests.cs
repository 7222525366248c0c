// Copyright (c) Granary contributors. Licensed under the MIT License.

using Xunit;

namespace Granary.Client.Tests.Consuming;

/// <summary>
/// How far the consumer fetches ahead of the application, by librdkafka's rule: a partition is fetched again while it
/// has fewer than queued.min.messages records queued and the consumer fewer than queued.max.messages.kbytes. Each
/// fetch here returns exactly one 10-record batch (max.partition.fetch.bytes=1; the first batch always comes whole),
/// and nothing is consumed, so the queue shows where fetching stopped.
/// </summary>
public class ConsumerPrefetchTests
{
    private const int Batches = 20;
    private const int BatchRecords = 10;

    [Fact]
    public async Task Queued_min_messages_bounds_the_records_queued_per_partition()
    {
        await using var silo = await SiloWithBatchesAsync("prefetch", valueBytes: 10);

        // By default (100000 records) the whole log is prefetched: far more than the two fetches' worth of old.
        Assert.Equal(Batches * BatchRecords, await QueuedWhenSettledAsync(silo.BootstrapServers, "prefetch", null));

        // 30 records: three one-batch fetches reach it, and no fourth is sent.
        Assert.Equal(30, await QueuedWhenSettledAsync(silo.BootstrapServers, "prefetch", config => config.QueuedMinMessages = 30));

        // A limit inside a batch still takes whole batches: the fetch that crosses it is the last.
        Assert.Equal(30, await QueuedWhenSettledAsync(silo.BootstrapServers, "prefetch", config => config.QueuedMinMessages = 25));
    }

    [Fact]
    public async Task Queued_max_messages_kbytes_bounds_the_bytes_queued_by_the_whole_consumer()
    {
        await using var silo = await SiloWithBatchesAsync("prefetch-bytes", valueBytes: 1000);

        // A batch is about 10,160 bytes: over a 1 KiB budget at once, so the first fetch is the only one. Two batches
        // are under 25 KiB and three over it, so the third fetch is the last.
        Assert.Equal(BatchRecords, await QueuedWhenSettledAsync(silo.BootstrapServers, "prefetch-bytes", config => config.QueuedMaxMessagesKbytes = 1));
        Assert.Equal(3 * BatchRecords, await QueuedWhenSettledAsync(silo.BootstrapServers, "prefetch-bytes", config => config.QueuedMaxMessagesKbytes = 25));
    }

    [Fact]
    public async Task Consuming_makes_room_and_fetching_resumes_until_the_log_is_read()
    {
        await using var silo = await SiloWithBatchesAsync("prefetch-resume", valueBytes: 10);
        var partition = new TopicPartition("prefetch-resume", 0);
        using var consumer = AssignedConsumer(silo.BootstrapServers, partition, config => config.QueuedMinMessages = 15);

        var offsets = new List<long>();
        while (offsets.Count < Batches * BatchRecords)
        {
            var result = consumer.Consume(TimeSpan.FromSeconds(10));
            Assert.NotNull(result);
            offsets.Add(result.Offset.Value);

            // Never more than the limit plus the batch that crossed it, counting the one being consumed.
            Assert.InRange(Core(consumer).QueuedRecords(partition), 0, 15 + BatchRecords + BatchRecords);
        }

        Assert.Equal(Enumerable.Range(0, Batches * BatchRecords).Select(i => (long)i), offsets);
    }

    [Fact]
    public async Task A_seek_drops_the_queue_and_its_count_so_fetching_starts_again_at_the_new_position()
    {
        await using var silo = await SiloWithBatchesAsync("prefetch-seek", valueBytes: 10);
        var partition = new TopicPartition("prefetch-seek", 0);
        using var consumer = AssignedConsumer(silo.BootstrapServers, partition, config => config.QueuedMinMessages = 30);
        Assert.Equal(0, consumer.Consume(TimeSpan.FromSeconds(10))!.Offset.Value);
        Assert.Equal(30, await SettledAsync(() => Core(consumer).QueuedRecords(partition)));

        // The dropped chunks no longer count: three new one-batch fetches from offset 100 fill the queue again.
        consumer.Seek(new TopicPartitionOffset(partition, 100));
        Assert.Equal(100, consumer.Consume(TimeSpan.FromSeconds(10))!.Offset.Value);
        Assert.Equal(30, await SettledAsync(() => Core(consumer).QueuedRecords(partition)));
    }

    /// <summary>A consumer of <paramref name="partition"/> from the beginning, whose every fetch returns one batch.</summary>
    private static IConsumer<Null, byte[]> AssignedConsumer(string servers, TopicPartition partition, Action<ConsumerConfig>? configure)
    {
        var config = ConsumerTestKit.Config(servers);
        config.MaxPartitionFetchBytes = 1;
        configure?.Invoke(config);
        var consumer = new ConsumerBuilder<Null, byte[]>(config).Build();
        consumer.Assign(new TopicPartitionOffset(partition, Offset.Beginning));
        return consumer;
    }

    private static Granary.Client.Consuming.ConsumerCore Core(IConsumer<Null, byte[]> consumer) => ((Granary.Client.Consuming.Consumer<Null, byte[]>)consumer).Core;

    /// <summary>Assigns the partition from the beginning, consumes nothing, and returns the queued records once they settle.</summary>
    private static async Task<long> QueuedWhenSettledAsync(string servers, string topic, Action<ConsumerConfig>? configure)
    {
        var partition = new TopicPartition(topic, 0);
        using var consumer = AssignedConsumer(servers, partition, configure);
        return await SettledAsync(() => Core(consumer).QueuedRecords(partition));
    }

    /// <summary>The count once it is above zero and the same over a whole second (ten fetch.wait.max.ms of the test config).</summary>
    private static async Task<long> SettledAsync(Func<long> count)
    {
        long last = -1;
        var stableSince = Environment.TickCount64;
        var deadline = Environment.TickCount64 + 30_000;
        while (Environment.TickCount64 < deadline)
        {
            var queued = count();
            if (queued != last)
            {
                last = queued;
                stableSince = Environment.TickCount64;
            }
            else if (queued > 0 && Environment.TickCount64 - stableSince >= 1_000)
            {
                return queued;
            }

            await Task.Delay(20);
        }

        return last;
    }

    /// <summary>A silo whose one-partition <paramref name="topic"/> holds the test's batches.</summary>
    private static async Task<GroupTestSilo> SiloWithBatchesAsync(string topic, int valueBytes)
    {
        var silo = await GroupTestSilo.StartAsync((topic, 1));
        try
        {
            await ProduceBatchesAsync(silo.BootstrapServers, topic, valueBytes);
            return silo;
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }
    }

    private static async Task ProduceBatchesAsync(string servers, string topic, int valueBytes)
    {
        // linger.ms is long and each batch is flushed on its own, so every batch holds exactly BatchRecords records.
        using var producer = new ProducerBuilder<Null, byte[]>(new ProducerConfig { BootstrapServers = servers, LingerMs = 10_000 }).Build();
        for (var batch = 0; batch < Batches; batch++)
        {
            var sends = Enumerable.Range(0, BatchRecords)
                .Select(_ => producer.ProduceAsync(new TopicPartition(topic, 0), new Message<Null, byte[]> { Value = new byte[valueBytes] }))
                .ToList();
            producer.Flush(TimeSpan.FromSeconds(30));
            await Task.WhenAll(sends);
        }
    }
}
