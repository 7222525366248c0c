// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;
using Granary.Client;
using Granary.IntegrationTests.DataPath;
using Granary.IntegrationTests.Infrastructure;
using Granary.InteropTests.Infrastructure;
using Xunit;

namespace Granary.InteropTests.Client;

/// <summary>What Granary.Client's producer writes, kcat (librdkafka) and kafkajs read back identically; keys land where kafkajs puts them.</summary>
public sealed class ProducerInteropTests
{
    private static readonly string[] Codecs = ["none", "gzip", "snappy", "lz4", "zstd"];

    private sealed record Written(int Partition, long Offset, string Key, string Value, string Header);

    /// <summary>Produces 20 keyed records with a header per codec (one producer per codec) and returns them in partition/offset order.</summary>
    private static async Task<List<Written>> ProduceEveryCodecAsync(int port, string topic)
    {
        var written = new List<Written>();
        foreach (var codec in Codecs)
        {
            var config = new ProducerConfig
            {
                BootstrapServers = $"127.0.0.1:{port}",
                CompressionType = Enum.Parse<CompressionType>(codec, ignoreCase: true),
                LingerMs = 20,
            };
            using var producer = new ProducerBuilder<string, string>(config).Build();
            var tasks = Enumerable.Range(0, 20).Select(i => producer.ProduceAsync(topic, new Message<string, string>
            {
                Key = $"{codec}-key-{i % 4}",
                Value = $"{codec} value {i} " + new string((char)('a' + i), 40),
                Headers = new Headers { { "codec", Encoding.UTF8.GetBytes(codec) } },
            })).ToList();
            foreach (var result in await Task.WhenAll(tasks))
            {
                Assert.Equal(PersistenceStatus.Persisted, result.Status);
                written.Add(new Written(result.Partition.Value, result.Offset.Value, result.Key, result.Value, codec));
            }
        }

        return [.. written.OrderBy(w => w.Partition).ThenBy(w => w.Offset)];
    }

    [Fact]
    public async Task Kcat_and_kafkajs_read_back_what_granary_client_wrote_with_every_codec_keys_and_headers()
    {
        using var dir = new TempDirectory();
        await KafkaTestClient.CreateTopicAsync(dir.Path, "from-client", 3);
        await using var silo = await SiloProcess.StartAsync(dir.Path);
        var written = await ProduceEveryCodecAsync(silo.Port, "from-client");
        Assert.Equal(Codecs.Length * 20, written.Count);

        var kcat = await ToolProcess.KcatAsync(silo.Port, "-C", "-t", "from-client", "-o", "beginning", "-e", "-f", "%p|%o|%k|%s|%h\n");
        Assert.True(kcat.ExitCode == 0, kcat.Stderr);
        var expectedLines = written.Select(w => $"{w.Partition}|{w.Offset}|{w.Key}|{w.Value}|codec={w.Header}").Order(StringComparer.Ordinal);
        Assert.Equal(expectedLines, kcat.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));

        var kafkajs = await Kafkajs.RunAsync("client-interop.js", "consume", $"127.0.0.1:{silo.Port}", "from-client", written.Count.ToString(CultureInfo.InvariantCulture));
        var read = kafkajs.EnumerateArray().Select(r => new Written(
            r.GetProperty("partition").GetInt32(),
            r.GetProperty("offset").GetInt64(),
            r.GetProperty("key").GetString()!,
            r.GetProperty("value").GetString()!,
            r.GetProperty("headers").GetProperty("codec").GetString()!)).ToList();
        Assert.Equal(written, read);
    }

    [Fact]
    public async Task Granary_client_puts_each_key_on_the_partition_kafkajs_and_javas_partitioner_pick()
    {
        using var dir = new TempDirectory();
        await KafkaTestClient.CreateTopicAsync(dir.Path, "keys-kafkajs", 7);
        await KafkaTestClient.CreateTopicAsync(dir.Path, "keys-client", 7);
        await using var silo = await SiloProcess.StartAsync(dir.Path);
        var keys = Enumerable.Range(0, 80).Select(i => $"customer-{i * 104729}").ToList();

        await Kafkajs.RunAsync("client-interop.js", "produce-keys", $"127.0.0.1:{silo.Port}", "keys-kafkajs", string.Join(',', keys));
        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = $"127.0.0.1:{silo.Port}" }).Build())
        {
            await Task.WhenAll(keys.Select(k => producer.ProduceAsync("keys-client", new Message<string, string> { Key = k, Value = "granary" })));
        }

        var byKafkajs = await PartitionsByKeyAsync(silo.Port, "keys-kafkajs");
        var byClient = await PartitionsByKeyAsync(silo.Port, "keys-client");
        Assert.Equal(keys.Count, byKafkajs.Count);
        Assert.Equal(byKafkajs, byClient);
        Assert.All(keys, k => Assert.Equal(Murmur2.Partition(Encoding.UTF8.GetBytes(k), 7), byClient[k]));
        Assert.True(byClient.Values.Distinct().Count() > 3);
    }

    private static async Task<SortedDictionary<string, int>> PartitionsByKeyAsync(int port, string topic)
    {
        var kcat = await ToolProcess.KcatAsync(port, "-C", "-t", topic, "-o", "beginning", "-e", "-f", "%p %k\n");
        Assert.True(kcat.ExitCode == 0, kcat.Stderr);
        var map = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in kcat.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ');
            map[parts[1]] = int.Parse(parts[0], CultureInfo.InvariantCulture);
        }

        return map;
    }
}
