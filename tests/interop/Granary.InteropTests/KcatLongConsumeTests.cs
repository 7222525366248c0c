// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Globalization;
using Granary.IntegrationTests.DataPath;
using Granary.IntegrationTests.Infrastructure;
using Xunit;

namespace Granary.InteropTests;

/// <summary>
/// A long kcat consume over several partitions, through the Fetch handler that keeps KIP-227 sessions. librdkafka
/// 2.0.2 fetches with session epoch -1 (sessionless), so this guards the sessionless path of the same handler; the
/// session paths are covered over the raw protocol in Granary.IntegrationTests (FetchSessionTests).
/// </summary>
public sealed class KcatLongConsumeTests
{
    [Fact]
    public async Task A_long_consume_over_three_partitions_sees_every_record_once_and_in_partition_order()
    {
        using var dir = new TempDirectory();
        await KafkaTestClient.CreateTopicAsync(dir.Path, "long", 3);
        await using var silo = await SiloProcess.StartAsync(dir.Path);
        var lines = Enumerable.Range(0, 30_000).Select(i => "k" + (i % 97).ToString(CultureInfo.InvariantCulture) + ":v" + i.ToString(CultureInfo.InvariantCulture)).ToList();

        var produce = await ToolProcess.KcatWithInputAsync(silo.Port, string.Join('\n', lines) + "\n", "-P", "-t", "long", "-K:", "-X", "linger.ms=5", "-X", "batch.num.messages=500");
        Assert.True(produce.ExitCode == 0, produce.Stderr);

        // Small fetches force many round trips per partition.
        var consume = await ToolProcess.KcatAsync(silo.Port, "-C", "-t", "long", "-o", "beginning", "-e", "-f", "%p %o %s\n", "-X", "fetch.max.bytes=65536", "-X", "message.max.bytes=65536", "-X", "max.partition.fetch.bytes=16384");
        Assert.True(consume.ExitCode == 0, consume.Stderr);

        var seen = consume.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).ToList();
        Assert.Equal(lines.Count, seen.Count);
        Assert.Equal(lines.Select(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..]).Order(StringComparer.Ordinal), seen.Select(s => s[2]).Order(StringComparer.Ordinal));
        foreach (var partition in seen.GroupBy(s => s[0]))
        {
            var offsets = partition.Select(s => long.Parse(s[1], CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(Enumerable.Range(0, offsets.Count).Select(i => (long)i), offsets);
        }
    }
}
