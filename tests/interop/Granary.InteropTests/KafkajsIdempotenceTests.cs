// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Globalization;
using Granary.IntegrationTests.DataPath;
using Granary.IntegrationTests.Infrastructure;
using Xunit;

namespace Granary.InteropTests;

/// <summary>kafkajs 2.2.4's idempotent producer whose connections are cut at random points (a socket-level proxy in the script).</summary>
public sealed class KafkajsIdempotenceTests
{
    private const int Count = 400;

    [Fact]
    public async Task Every_number_lands_exactly_once_and_in_order_despite_dropped_connections()
    {
        var scripts = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "kafkajs"));
        Assert.True(Directory.Exists(Path.Combine(scripts, "node_modules", "kafkajs")), $"Run 'npm ci' in {scripts} first.");
        using var dir = new TempDirectory();
        await KafkaTestClient.CreateTopicAsync(dir.Path, "numbers", 1);
        await using var silo = await SiloProcess.StartAsync(dir.Path);

        var produce = await ToolProcess.RunAsync(
            ToolProcess.NodePath,
            ["idempotent-produce.js", $"127.0.0.1:{silo.Port}", "numbers", Count.ToString(CultureInfo.InvariantCulture), "3039", "10"],
            timeout: TimeSpan.FromSeconds(150),
            workingDirectory: scripts);
        Assert.True(produce.ExitCode == 0, produce.Stderr + produce.Stdout + silo.Output);
        var cuts = int.Parse(produce.Stdout.Trim().Split(' ')[^1], CultureInfo.InvariantCulture);
        Assert.True(cuts > 0, "No connection was cut.");

        var consume = await ToolProcess.KcatAsync(silo.Port, "-C", "-t", "numbers", "-o", "beginning", "-e", "-f", "%s\n");
        Assert.True(consume.ExitCode == 0, consume.Stderr);
        var values = consume.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(0, Count), values);
    }
}
