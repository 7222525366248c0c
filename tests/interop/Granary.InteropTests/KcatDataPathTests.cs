// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;
using Granary.IntegrationTests.DataPath;
using Granary.IntegrationTests.Infrastructure;
using Granary.Protocol.Records;
using Xunit;

namespace Granary.InteropTests;

/// <summary>kcat (librdkafka 2.0.2) producing to and consuming from a real silo child process.</summary>
public sealed class KcatDataPathTests
{
    [Theory]
    [InlineData("none")]
    [InlineData("gzip")]
    [InlineData("snappy")]
    [InlineData("lz4")]
    [InlineData("zstd")]
    public async Task Kcat_round_trips_records_with_each_codec(string codec)
    {
        using var dir = new TempDirectory();
        await KafkaTestClient.CreateTopicAsync(dir.Path, "codec", 1);
        await using var silo = await SiloProcess.StartAsync(dir.Path);
        var lines = Enumerable.Range(0, 200).Select(i => $"key{i}:value-{i}-{new string((char)('a' + (i % 26)), i % 50)}").ToList();

        var produce = await ToolProcess.KcatWithInputAsync(silo.Port, string.Join('\n', lines) + "\n", "-P", "-t", "codec", "-z", codec, "-K:", "-X", "linger.ms=5");
        Assert.True(produce.ExitCode == 0, produce.Stderr);
        var consume = await ToolProcess.KcatAsync(silo.Port, "-C", "-t", "codec", "-o", "beginning", "-e", "-f", "%k:%s\n");

        Assert.True(consume.ExitCode == 0, consume.Stderr);
        Assert.Equal(lines, consume.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Murmur2_matches_the_java_client_test_vectors()
    {
        Assert.Equal(-973932308, Murmur2.Hash("21"u8));
        Assert.Equal(-790332482, Murmur2.Hash("foobar"u8));
        Assert.Equal(-985981536, Murmur2.Hash("a-little-bit-long-string"u8));
        Assert.Equal(-1486304829, Murmur2.Hash("a-little-bit-longer-string"u8));
        Assert.Equal(-58897971, Murmur2.Hash("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8"u8));
        Assert.Equal(479470107, Murmur2.Hash("abc"u8));
    }

    [Fact]
    public async Task Keyed_records_land_on_the_partition_javas_murmur2_partitioner_picks()
    {
        using var dir = new TempDirectory();
        await KafkaTestClient.CreateTopicAsync(dir.Path, "keyed", 5);
        await using var silo = await SiloProcess.StartAsync(dir.Path);
        var keys = Enumerable.Range(0, 60).Select(i => $"user-{i * 7919}").ToList();

        var produce = await ToolProcess.KcatWithInputAsync(silo.Port, string.Join('\n', keys.Select(k => k + ":v")) + "\n", "-P", "-t", "keyed", "-K:", "-X", "partitioner=murmur2_random");
        Assert.True(produce.ExitCode == 0, produce.Stderr);
        var consume = await ToolProcess.KcatAsync(silo.Port, "-C", "-t", "keyed", "-o", "beginning", "-e", "-f", "%p %k\n");

        Assert.True(consume.ExitCode == 0, consume.Stderr);
        var seen = consume.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).ToList();
        Assert.Equal(keys.Count, seen.Count);
        foreach (var parts in seen)
        {
            Assert.Equal(Murmur2.Partition(Encoding.UTF8.GetBytes(parts[1]), 5), int.Parse(parts[0], CultureInfo.InvariantCulture));
        }

        Assert.True(seen.Select(p => p[0]).Distinct().Count() > 1);
    }

    [Fact]
    public async Task Kcat_queries_offsets_by_timestamp()
    {
        using var dir = new TempDirectory();
        await KafkaTestClient.CreateTopicAsync(dir.Path, "times", 1);
        await using var silo = await SiloProcess.StartAsync(dir.Path);
        await using (var client = await KafkaTestClient.ConnectAsync(silo.Port))
        {
            // Batches with chosen timestamps: offsets 0-2 at T..T+2, 3-5 at T+10000.., 6 at T+20000.
            const long T = 1_700_000_000_000;
            foreach (var (count, timestamp) in new[] { (3, T), (3, T + 10_000), (1, T + 20_000) })
            {
                using var builder = new RecordBatchBuilder();
                for (var i = 0; i < count; i++)
                {
                    builder.Append(timestamp + i, "k"u8, "v"u8);
                }

                var response = await client.SendAsync<Granary.Protocol.Messages.ProduceResponse>(
                    new Granary.Protocol.Messages.ProduceRequest { Acks = -1, TimeoutMs = 10_000, TopicData = [new() { Name = "times", PartitionData = [new() { Index = 0, Records = builder.ToArray() }] }] }, 7);
                Assert.Equal(0, response.Responses[0].PartitionResponses[0].ErrorCode);
            }
        }

        Assert.Contains("offset 3", await QueryAsync(silo.Port, "times:0:" + (1_700_000_000_000 + 5_000).ToString(CultureInfo.InvariantCulture)));
        Assert.Contains("offset 1", await QueryAsync(silo.Port, "times:0:" + (1_700_000_000_000 + 1).ToString(CultureInfo.InvariantCulture)));
        Assert.Contains("offset 6", await QueryAsync(silo.Port, "times:0:" + (1_700_000_000_000 + 20_000).ToString(CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Kcat_idempotent_producer_round_trip()
    {
        using var dir = new TempDirectory();
        await KafkaTestClient.CreateTopicAsync(dir.Path, "idem", 1);
        await using var silo = await SiloProcess.StartAsync(dir.Path);
        var lines = Enumerable.Range(0, 500).Select(i => "m" + i.ToString(CultureInfo.InvariantCulture)).ToList();

        var produce = await ToolProcess.KcatWithInputAsync(silo.Port, string.Join('\n', lines) + "\n", "-P", "-t", "idem", "-X", "enable.idempotence=true", "-X", "linger.ms=2", "-X", "batch.num.messages=50");
        Assert.True(produce.ExitCode == 0, produce.Stderr);
        var consume = await ToolProcess.KcatAsync(silo.Port, "-C", "-t", "idem", "-o", "beginning", "-e", "-f", "%o %s\n");

        Assert.True(consume.ExitCode == 0, consume.Stderr);
        var seen = consume.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).ToList();
        Assert.Equal(lines, seen.Select(p => p[1]));
        Assert.Equal(Enumerable.Range(0, 500).Select(i => i.ToString(CultureInfo.InvariantCulture)), seen.Select(p => p[0]));
    }

    private static async Task<string> QueryAsync(int port, string query)
    {
        var result = await ToolProcess.KcatAsync(port, "-Q", "-t", query);
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        return result.Stdout;
    }
}
