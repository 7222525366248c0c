// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Cli.Tests.Infrastructure;
using Xunit;

namespace Granary.Cli.Tests;

/// <summary><c>granary cluster describe</c> and <c>granary configs</c> against a real silo.</summary>
public sealed class ClusterAndConfigsCommandTests
{
    [Fact]
    public async Task Cluster_describe_shows_the_cluster_id_controller_and_silos()
    {
        await using var silo = await TestSilo.StartAsync();
        var run = await CliRun.InProcessAsync("cluster", "describe", "-b", silo.BootstrapServers);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches(@"^Cluster ID: \S+$", run.OutLines[0]);
        Assert.StartsWith("Controller: 0 (", run.OutLines[1], StringComparison.Ordinal);
        var rows = TopicsCommandTests.Rows(run).Skip(2).ToList();
        Assert.Equal(["ID", "HOST", "PORT", "RACK", "CONTROLLER"], rows[0]);
        Assert.Equal(["0", "127.0.0.1", silo.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-", "yes"], rows[1]);
    }

    [Fact]
    public async Task Configs_alter_sets_and_deletes_topic_configs()
    {
        await using var silo = await TestSilo.StartAsync(("configured", 1));
        var b = silo.BootstrapServers;
        var add = await CliRun.InProcessAsync("configs", "alter", "--entity-type", "topics", "--entity-name", "configured", "--add-config", "retention.ms=60000,cleanup.policy=compact", "-b", b);
        Assert.True(add.ExitCode == 0, add.ToString());
        Assert.Equal("Completed updating config for topic 'configured'.", add.Out.Trim());

        var described = TopicsCommandTests.Rows(await CliRun.InProcessAsync("configs", "describe", "--entity-type", "topics", "--entity-name", "configured", "-b", b));
        Assert.Contains(described, r => r is ["retention.ms", "60000", ..]);
        Assert.Contains(described, r => r is ["cleanup.policy", "compact", ..]);

        var delete = await CliRun.InProcessAsync("configs", "alter", "--entity-type", "topics", "--entity-name", "configured", "--delete-config", "retention.ms", "-b", b);
        Assert.True(delete.ExitCode == 0, delete.ToString());
        described = TopicsCommandTests.Rows(await CliRun.InProcessAsync("configs", "describe", "--entity-type", "topics", "--entity-name", "configured", "-b", b));
        Assert.DoesNotContain(described, r => r[0] == "retention.ms");
        var all = TopicsCommandTests.Rows(await CliRun.InProcessAsync("configs", "describe", "--entity-type", "topics", "--entity-name", "configured", "--all", "-b", b));
        Assert.Contains(all, r => r[0] == "retention.ms");
    }

    [Fact]
    public async Task Configs_failures_and_bad_usage()
    {
        await using var silo = await TestSilo.StartAsync(("strict", 1));
        var b = silo.BootstrapServers;
        var badValue = await CliRun.InProcessAsync("configs", "alter", "--entity-type", "topics", "--entity-name", "strict", "--add-config", "cleanup.policy=sometimes", "-b", b);
        Assert.Equal(ExitCodes.Failed, badValue.ExitCode);
        Assert.Contains("configs of topic 'strict' were not altered", badValue.Error, StringComparison.Ordinal);

        var unknown = await CliRun.InProcessAsync("configs", "describe", "--entity-type", "topics", "--entity-name", "nothere", "-b", b);
        Assert.Equal(ExitCodes.Failed, unknown.ExitCode);

        var nothing = await CliRun.InProcessAsync("configs", "alter", "--entity-type", "topics", "--entity-name", "strict", "-b", b);
        Assert.Equal(ExitCodes.Usage, nothing.ExitCode);
        var both = await CliRun.InProcessAsync("configs", "alter", "--entity-type", "topics", "--entity-name", "strict", "--add-config", "a=1", "--delete-config", "a", "-b", b);
        Assert.Equal(ExitCodes.Usage, both.ExitCode);
        var badType = await CliRun.InProcessAsync("configs", "describe", "--entity-type", "users", "--entity-name", "x", "-b", b);
        Assert.Equal(ExitCodes.Usage, badType.ExitCode);
        var badBroker = await CliRun.InProcessAsync("configs", "describe", "--entity-type", "brokers", "--entity-name", "zero", "-b", b);
        Assert.Equal(ExitCodes.Usage, badBroker.ExitCode);
    }
}
