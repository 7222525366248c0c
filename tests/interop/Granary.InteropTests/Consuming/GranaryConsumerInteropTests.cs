// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Text;
using Granary.Client;
using Granary.IntegrationTests.DataPath;
using Granary.IntegrationTests.Infrastructure;
using Xunit;

namespace Granary.InteropTests.Consuming;

/// <summary>Granary.Client's consumer reading what other clients wrote, against a child-process silo.</summary>
public sealed class GranaryConsumerInteropTests
{
    [Theory]
    [InlineData("none")]
    [InlineData("gzip")]
    [InlineData("snappy")]
    [InlineData("lz4")]
    [InlineData("zstd")]
    public async Task Records_kcat_wrote_with_headers_and_each_codec_are_read_back_by_the_granary_consumer(string codec)
    {
        using var dir = new TempDirectory();
        await KafkaTestClient.CreateTopicAsync(dir.Path, "from-kcat", 1);
        await using var silo = await SiloProcess.StartAsync(dir.Path, "--override", "group.initial.rebalance.delay.ms=0");
        var lines = Enumerable.Range(0, 300).Select(i => $"key{i}:value-{i}-{new string((char)('a' + (i % 26)), i % 70)}").ToList();
        var produce = await ToolProcess.KcatWithInputAsync(
            silo.Port, string.Join('\n', lines) + "\n", "-P", "-t", "from-kcat", "-z", codec, "-K:", "-H", "origin=kcat", "-H", "codec=" + codec, "-X", "linger.ms=20");
        Assert.True(produce.ExitCode == 0, produce.Stderr);

        var config = new ConsumerConfig
        {
            BootstrapServers = $"127.0.0.1:{silo.Port}",
            GroupId = "kcat-readers-" + codec,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnablePartitionEof = true,
        };
        using var consumer = new ConsumerBuilder<string, string>(config).Build();
        consumer.Subscribe("from-kcat");
        var read = new List<ConsumeResult<string, string>>();
        var deadline = Environment.TickCount64 + 60_000;
        while (Environment.TickCount64 < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is { IsPartitionEOF: true } && read.Count >= lines.Count)
            {
                break;
            }

            if (result is { IsPartitionEOF: false })
            {
                read.Add(result);
            }
        }

        Assert.Equal(lines, read.Select(r => $"{r.Message!.Key}:{r.Message.Value}"));
        Assert.Equal(Enumerable.Range(0, lines.Count).Select(i => (long)i), read.Select(r => r.Offset.Value));
        foreach (var result in read)
        {
            var headers = result.Message!.Headers!;
            Assert.Equal("kcat", Encoding.UTF8.GetString(headers.GetLastBytes("origin")!));
            Assert.Equal(codec, Encoding.UTF8.GetString(headers.GetLastBytes("codec")!));
        }

        consumer.Commit();
        Assert.Equal(lines.Count, Assert.Single(consumer.Committed(TimeSpan.FromSeconds(10))).Offset.Value);
        consumer.Close();

        // kcat sees the offsets Granary committed for the group.
        var offsets = await ToolProcess.KcatAsync(silo.Port, "-C", "-G", config.GroupId, "from-kcat", "-e", "-o", "stored", "-f", "%o\n", "-X", "auto.offset.reset=earliest");
        Assert.True(offsets.ExitCode == 0, offsets.Stderr);
        Assert.Empty(offsets.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
