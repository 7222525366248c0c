// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Text;
using Granary.Client.Network;
using Granary.Client.Tests.Infrastructure;
using Granary.Protocol;
using Granary.Protocol.Messages;
using Granary.Protocol.Records;
using Xunit;

namespace Granary.Client.Tests.Producing;

public class ProducerTests
{
    internal sealed record Fetched(long Offset, string? Key, string? Value, long ProducerId, int BaseSequence, List<(string Key, string? Value)> Headers);

    /// <summary>Reads a partition back with a raw Fetch through the client's own connection layer.</summary>
    internal static async Task<List<Fetched>> FetchAllAsync(string servers, string topic, int partition)
    {
        await using var cluster = new KafkaCluster(new ClusterOptions { Bootstrap = BrokerAddress.ParseList(servers), BootstrapTimeout = TimeSpan.FromSeconds(20) });
        var connection = await cluster.GetAnyConnectionAsync(CancellationToken.None);
        var version = connection.Versions.Pick(ApiKey.Fetch, 12, 4);
        var request = new FetchRequest
        {
            MaxWaitMs = 0,
            MinBytes = 1,
            IsolationLevel = 0,
            Topics = [new FetchRequest.FetchTopic { Topic = topic, Partitions = [new FetchRequest.FetchPartition { Partition = partition, FetchOffset = 0, PartitionMaxBytes = 10 << 20 }] }],
        };
        var response = await connection.SendAsync<FetchResponse>(request, version, TimeSpan.FromSeconds(20), CancellationToken.None);
        var data = Assert.Single(Assert.Single(response.Responses).Partitions);
        Assert.Equal(0, data.ErrorCode);
        var result = new List<Fetched>();
        var bytes = (data.Records ?? ReadOnlyMemory<byte>.Empty).ToArray();
        foreach (var entry in new RecordBatchEnumerator(bytes))
        {
            using var reader = RecordBatchReader.Open(entry.Bytes);
            var sequence = reader.Header.BaseSequence;
            foreach (var record in reader)
            {
                var headers = new List<(string, string?)>();
                foreach (var h in record.Headers)
                {
                    headers.Add((Encoding.UTF8.GetString(h.Key), h.IsValueNull ? null : Encoding.UTF8.GetString(h.Value)));
                }

                result.Add(new Fetched(
                    record.Offset,
                    record.IsKeyNull ? null : Encoding.UTF8.GetString(record.Key),
                    record.IsValueNull ? null : Encoding.UTF8.GetString(record.Value),
                    reader.Header.ProducerId,
                    sequence + record.OffsetDelta,
                    headers));
            }
        }

        return result;
    }

    [Fact]
    public async Task Keyed_records_land_on_their_murmur2_partition_in_order_with_idempotent_sequences()
    {
        await using var silo = await TestSilo.StartAsync(("orders", 3));
        var config = new ProducerConfig { BootstrapServers = silo.BootstrapServers, LingerMs = 20, CompressionType = CompressionType.Gzip };
        using var producer = new ProducerBuilder<string, string>(config).Build();

        var tasks = Enumerable.Range(0, 60).Select(i => producer.ProduceAsync("orders", new Message<string, string>
        {
            Key = $"key-{i % 7}",
            Value = $"value-{i}",
            Headers = new Headers { { "n", Encoding.UTF8.GetBytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture)) } },
        })).ToList();
        var results = await Task.WhenAll(tasks);

        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal(PersistenceStatus.Persisted, results[i].Status);
            Assert.Equal(Murmur2.Partition(Encoding.UTF8.GetBytes($"key-{i % 7}"), 3), results[i].Partition.Value);
            Assert.Equal(TimestampType.CreateTime, results[i].Timestamp.Type);
        }

        for (var p = 0; p < 3; p++)
        {
            var expected = results.Where(r => r.Partition.Value == p).ToList();
            var fetched = await FetchAllAsync(silo.BootstrapServers, "orders", p);
            Assert.Equal(expected.Count, fetched.Count);
            Assert.Equal(Enumerable.Range(0, expected.Count).Select(o => (long)o), expected.Select(r => r.Offset.Value));
            for (var j = 0; j < expected.Count; j++)
            {
                Assert.Equal(expected[j].Key, fetched[j].Key);
                Assert.Equal(expected[j].Value, fetched[j].Value);
                Assert.Equal(j, fetched[j].BaseSequence);
                Assert.True(fetched[j].ProducerId >= 0);
                Assert.Equal(("n", expected[j].Value["value-".Length..]), Assert.Single(fetched[j].Headers));
            }
        }
    }

    [Fact]
    public async Task Produce_with_handler_null_keys_explicit_partition_and_flush()
    {
        await using var silo = await TestSilo.StartAsync(("events", 2));
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = silo.BootstrapServers, LingerMs = 30000 }).Build();
        var reports = new List<DeliveryReport<Null, string>>();

        // Learn the topic's partition count first. Until then records wait for metadata and are routed after
        // Produce returns, so a Flush racing with that routing may take a batch and move the sticky partition
        // between them, as Java's producer would.
        var warmUp = producer.ProduceAsync("events", new Message<Null, string> { Value = "warm-up" });
        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
        await warmUp;
        for (var i = 0; i < 10; i++)
        {
            producer.Produce("events", new Message<Null, string> { Value = $"v{i}" }, r =>
            {
                lock (reports)
                {
                    reports.Add(r);
                }
            });
        }

        // linger.ms is far longer than the test (a loaded machine may take over a second to route the first record,
        // which would close a 1 s linger with one record); Flush must send the batch anyway and wait for every report.
        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
        lock (reports)
        {
            Assert.Equal(10, reports.Count);
            Assert.All(reports, r => Assert.False(r.Error.IsError));

            // Sticky partitioning: one batch, so every null-keyed record went to the same partition.
            Assert.Single(reports.Select(r => r.Partition.Value).Distinct());
        }

        var sending = producer.ProduceAsync(new TopicPartition("events", 1), new Message<Null, string> { Value = "direct" });
        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
        var direct = await sending;
        Assert.Equal(1, direct.Partition.Value);
        var fetched = await FetchAllAsync(silo.BootstrapServers, "events", 1);
        Assert.Equal("direct", fetched[^1].Value);
        Assert.Null(fetched[^1].Key);
    }

    [Fact]
    public async Task Delivery_handlers_never_run_concurrently_even_when_partitions_complete_together()
    {
        // Confluent.Kafka programs write to plain lists and writers from delivery handlers, because librdkafka calls
        // them from one thread. A slow handler makes any overlap between partitions' completions visible.
        await using var silo = await TestSilo.StartAsync(("spread", 6));
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = silo.BootstrapServers, LingerMs = 5 }).Build();
        var active = 0;
        var overlaps = 0;
        var delivered = 0;
        for (var i = 0; i < 300; i++)
        {
            producer.Produce("spread", new Message<string, string> { Key = $"k{i}", Value = "v" }, r =>
            {
                if (Interlocked.Increment(ref active) > 1)
                {
                    Interlocked.Increment(ref overlaps);
                }

                Thread.SpinWait(20_000);
                delivered++;
                Interlocked.Decrement(ref active);
            });
        }

        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, Volatile.Read(ref overlaps));
        Assert.Equal(300, Volatile.Read(ref delivered));
    }

    [Fact]
    public async Task Unknown_topic_fails_with_produce_exception_and_transactions_are_not_supported()
    {
        await using var silo = await TestSilo.StartAsync(("t", 1));
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = silo.BootstrapServers, AllowAutoCreateTopics = false }).Build();
        var ex = await Assert.ThrowsAsync<ProduceException<string, string>>(() => producer.ProduceAsync("missing", new Message<string, string> { Key = "k", Value = "v" }));
        Assert.Equal(ErrorCode.UnknownTopicOrPart, ex.Error.Code);
        Assert.Equal(PersistenceStatus.NotPersisted, ex.DeliveryResult.Status);
        var tx = Assert.Throws<KafkaException>(() => producer.InitTransactions(TimeSpan.FromSeconds(1)));
        Assert.Contains("not supported by the broker yet", tx.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_producer_creates_a_missing_topic_by_default_and_delivers_what_it_sent_meanwhile()
    {
        await using var silo = await TestSilo.StartAsync(("t", 1));
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = silo.BootstrapServers }).Build();
        var sends = Enumerable.Range(0, 50).Select(i => producer.ProduceAsync("created-by-producing", new Message<Null, string> { Value = $"v{i}" })).ToList();
        var results = await Task.WhenAll(sends);
        Assert.All(results, r => Assert.Equal(PersistenceStatus.Persisted, r.Status));
        Assert.Equal(50, results.Select(r => (r.Partition.Value, r.Offset.Value)).Distinct().Count());
    }

    [Fact]
    public void Build_validates_configuration_and_serializers()
    {
        var bad = Assert.Throws<ArgumentException>(() => new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = "x:1", LingerMs = -5 }).Build());
        Assert.Contains("linger.ms", bad.Message, StringComparison.Ordinal);
        var unknown = Assert.Throws<ArgumentException>(() => new ProducerBuilder<string, string>(new ClientConfig { ["bootstrap.servers"] = "x:1", ["linger.msec"] = "1" }).Build());
        Assert.Contains("linger.msec", unknown.Message, StringComparison.Ordinal);
        var acks = Assert.Throws<ArgumentException>(() => new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = "x:1", Acks = Acks.Leader }).Build());
        Assert.Contains("acks", acks.Message, StringComparison.Ordinal);
        var noSerializer = Assert.Throws<InvalidOperationException>(() => new ProducerBuilder<Guid, string>(new ProducerConfig { BootstrapServers = "x:1" }).Build());
        Assert.Contains("Guid", noSerializer.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_broker_reachable_fails_the_produce_with_all_brokers_down()
    {
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig
        {
            BootstrapServers = "127.0.0.1:1",
            ["socket.connection.setup.timeout.ms"] = "1000",
        }).Build();
        var ex = await Assert.ThrowsAsync<ProduceException<string, string>>(() => producer.ProduceAsync("t", new Message<string, string> { Key = "k", Value = "v" }));
        Assert.Equal(ErrorCode.Local_AllBrokersDown, ex.Error.Code);
        Assert.Contains("127.0.0.1:1", ex.Message, StringComparison.Ordinal);
    }
}
