// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Text;
using Granary.Client;
using Granary.IntegrationTests.DataPath;
using Granary.IntegrationTests.Infrastructure;
using Granary.InteropTests.Infrastructure;
using Xunit;

namespace Granary.InteropTests.Consuming;

/// <summary>Granary.Client's consumer with kafkajs 2.2.4 (tests/interop/kafkajs/consumer-mix.js) and a child-process silo.</summary>
public sealed class KafkajsConsumerInteropTests
{
    [Fact]
    public async Task Records_kafkajs_wrote_with_headers_gzip_and_uncompressed_are_read_by_the_granary_consumer()
    {
        using var dir = new TempDirectory();
        await KafkaTestClient.CreateTopicAsync(dir.Path, "from-kafkajs", 1);
        await using var silo = await SiloProcess.StartAsync(dir.Path);
        await Kafkajs.RunAsync("consumer-mix.js", "produce", $"127.0.0.1:{silo.Port}", "from-kafkajs", "40");

        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig { BootstrapServers = $"127.0.0.1:{silo.Port}" }).Build();
        consumer.Assign(new TopicPartitionOffset("from-kafkajs", 0, Offset.Beginning));
        var read = new List<ConsumeResult<string, string>>();
        var deadline = Environment.TickCount64 + 30_000;
        while (read.Count < 40 && Environment.TickCount64 < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { IsPartitionEOF: false } result)
            {
                read.Add(result);
            }
        }

        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"k{i}=v{i}"), read.Select(r => $"{r.Message!.Key}={r.Message.Value}"));
        Assert.All(read, r =>
        {
            Assert.Equal("kafkajs", Encoding.UTF8.GetString(r.Message!.Headers!.GetLastBytes("origin")!));
            Assert.Equal(r.Message.Key[1..], Encoding.UTF8.GetString(r.Message.Headers.GetLastBytes("index")!));
        });
    }

    [Fact]
    public async Task A_granary_consumer_and_a_kafkajs_consumer_share_one_group_and_read_every_record_once()
    {
        using var dir = new TempDirectory();
        await KafkaTestClient.CreateTopicAsync(dir.Path, "mixed", 4);
        await using var silo = await SiloProcess.StartAsync(dir.Path, "--override", "group.initial.rebalance.delay.ms=0");
        var servers = $"127.0.0.1:{silo.Port}";
        var kafkajs = Kafkajs.RunAsync("consumer-mix.js", "member", servers, "mixed", "mixed-group", "20000");

        var config = new ConsumerConfig
        {
            BootstrapServers = servers,
            GroupId = "mixed-group",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.RoundRobin,
            SessionTimeoutMs = 10000,
            HeartbeatIntervalMs = 300,
            AutoCommitIntervalMs = 200,
        };
        using var consumer = new ConsumerBuilder<string, string>(config).Build();
        consumer.Subscribe("mixed");

        // Two partitions here means the other two are kafkajs': one group across the two clients.
        var deadline = Environment.TickCount64 + 30_000;
        while (consumer.Assignment.Count != 2 && Environment.TickCount64 < deadline)
        {
            consumer.Consume(TimeSpan.FromMilliseconds(50));
        }

        Assert.Equal(2, consumer.Assignment.Count);
        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = servers }).Build())
        {
            for (var i = 0; i < 100; i++)
            {
                await producer.ProduceAsync(new TopicPartition("mixed", i % 4), new Message<string, string> { Key = $"k{i}", Value = $"v{i}" });
            }
        }

        var granary = new List<string>();
        while (!kafkajs.IsCompleted)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(50)) is { IsPartitionEOF: false } result)
            {
                granary.Add($"{result.Partition.Value}:{result.Offset.Value}:{result.Message!.Value}");
            }
        }

        var theirs = (await kafkajs).GetProperty("seen").EnumerateArray().Select(e => e.GetString()!).ToList();
        consumer.Close();
        var all = granary.Concat(theirs).ToList();
        Assert.Equal(100, all.Count);
        Assert.Equal(100, all.Select(s => s.Split(':')[2]).Distinct().Count());
        Assert.Equal(50, granary.Count);
        Assert.Equal(50, theirs.Count);
    }
}
