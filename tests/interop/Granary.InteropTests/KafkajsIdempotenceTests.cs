// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Globalization;
using Granary.IntegrationTests.DataPath;
using Granary.IntegrationTests.Infrastructure;
using Xunit;

namespace Granary.InteropTests;

/// <summary>kafkajs 2.2.4's idempotent producer through a proxy that drops connections at random points.</summary>
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
        await using var proxy = new ChaosProxy(seed: 3039, maxCuts: 10);
        await using var silo = await SiloProcess.StartAsync(dir.Path, "--Listener:AdvertisedPort", proxy.Port.ToString(CultureInfo.InvariantCulture));
        proxy.UpstreamPort = silo.Port;
        proxy.Start();

        var produce = await ToolProcess.RunAsync(
            ToolProcess.NodePath,
            ["idempotent-produce.js", $"127.0.0.1:{proxy.Port}", "numbers", Count.ToString(CultureInfo.InvariantCulture)],
            timeout: TimeSpan.FromSeconds(150),
            workingDirectory: scripts);
        Assert.True(produce.ExitCode == 0, produce.Stderr + produce.Stdout + silo.Output);
        Assert.True(proxy.Cuts > 0, "The proxy never cut a connection.");

        var consume = await ToolProcess.KcatAsync(silo.Port, "-C", "-t", "numbers", "-o", "beginning", "-e", "-f", "%s\n");
        Assert.True(consume.ExitCode == 0, consume.Stderr);
        var values = consume.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(0, Count), values);
    }
}
