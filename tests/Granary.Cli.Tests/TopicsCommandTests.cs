// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Cli.Tests.Infrastructure;
using Xunit;

namespace Granary.Cli.Tests;

/// <summary><c>granary topics</c> against a real silo, including every failure path.</summary>
public sealed class TopicsCommandTests
{
    [Fact]
    public async Task Create_list_describe_alter_and_delete_a_topic()
    {
        await using var silo = await TestSilo.StartAsync();
        var b = silo.BootstrapServers;
        var created = await CliRun.InProcessAsync("topics", "create", "--topic", "orders", "--partitions", "3", "--replication-factor", "1", "--config", "retention.ms=3600000", "-b", b);
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Equal("Created topic orders.", created.Out.Trim());

        var list = await CliRun.InProcessAsync("topics", "list", "-b", b);
        Assert.Contains("orders", list.OutLines);

        var describe = await CliRun.InProcessAsync("topics", "describe", "--topic", "orders", "-b", b);
        Assert.True(describe.ExitCode == 0, describe.ToString());
        var rows = Rows(describe);
        Assert.Equal(["TOPIC", "PARTITION", "LEADER", "REPLICAS", "ISR"], rows[0]);
        Assert.Equal(3, rows.Count - 1);
        Assert.Equal(["orders", "2", "0", "0", "0"], rows[3]);

        var alter = await CliRun.InProcessAsync("topics", "alter", "--topic", "orders", "--partitions", "5", "--config", "retention.ms=7200000", "-b", b);
        Assert.True(alter.ExitCode == 0, alter.ToString());
        Assert.Equal(6, Rows(await CliRun.InProcessAsync("topics", "describe", "--topic", "orders", "-b", b)).Count);
        var configs = await CliRun.InProcessAsync("configs", "describe", "--entity-type", "topics", "--entity-name", "orders", "-b", b);
        Assert.Contains(Rows(configs), r => r[0] == "retention.ms" && r[1] == "7200000");

        var under = await CliRun.InProcessAsync("topics", "describe", "--topic", "orders", "--under-replicated-partitions", "-b", b);
        Assert.Single(Rows(under));

        var deleted = await CliRun.InProcessAsync("topics", "delete", "--topic", "orders", "-b", b);
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        Assert.DoesNotContain("orders", (await CliRun.InProcessAsync("topics", "list", "-b", b)).OutLines);
    }

    [Fact]
    public async Task Failures_name_the_problem_with_exit_code_one()
    {
        await using var silo = await TestSilo.StartAsync(("existing", 2));
        var b = silo.BootstrapServers;

        var exists = await CliRun.InProcessAsync("topics", "create", "--topic", "existing", "-b", b);
        Assert.Equal(ExitCodes.Failed, exists.ExitCode);
        Assert.Contains("topic 'existing' already exists", exists.Error, StringComparison.Ordinal);
        Assert.Equal(0, (await CliRun.InProcessAsync("topics", "create", "--topic", "existing", "--if-not-exists", "-b", b)).ExitCode);

        var unknown = await CliRun.InProcessAsync("topics", "describe", "--topic", "missing", "-b", b);
        Assert.Equal(ExitCodes.Failed, unknown.ExitCode);
        Assert.Contains("unknown topic 'missing'", unknown.Error, StringComparison.Ordinal);

        var shrink = await CliRun.InProcessAsync("topics", "alter", "--topic", "existing", "--partitions", "1", "-b", b);
        Assert.Equal(ExitCodes.Failed, shrink.ExitCode);
        Assert.Contains("can only be increased", shrink.Error, StringComparison.Ordinal);

        var badConfig = await CliRun.InProcessAsync("topics", "create", "--topic", "bad-config", "--config", "no.such.config=1", "-b", b);
        Assert.Equal(ExitCodes.Failed, badConfig.ExitCode);
        Assert.Contains("bad-config", badConfig.Error, StringComparison.Ordinal);

        var deleteMissing = await CliRun.InProcessAsync("topics", "delete", "--topic", "missing", "-b", b);
        Assert.Equal(ExitCodes.Failed, deleteMissing.ExitCode);
        Assert.Equal(0, (await CliRun.InProcessAsync("topics", "delete", "--topic", "missing", "--if-exists", "-b", b)).ExitCode);
    }

    [Theory]
    [InlineData("topics", "alter", "--topic", "x")]
    [InlineData("topics", "create", "--topic", "x", "--partitions", "0")]
    [InlineData("topics", "create", "--topic", "x", "--config", "novalue")]
    [InlineData("topics", "create")]
    [InlineData("topics")]
    [InlineData("topics", "frobnicate")]
    public async Task Bad_usage_exits_with_two_and_one_line(params string[] args)
    {
        var run = await CliRun.InProcessAsync([.. args, "-b", $"127.0.0.1:{TestPorts.Unused()}"]);
        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Single(run.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task An_unreachable_broker_is_reported_for_admin_commands()
    {
        var port = TestPorts.Unused();
        var run = await CliRun.InProcessAsync("topics", "list", "-b", $"127.0.0.1:{port}");
        Assert.Equal(ExitCodes.Failed, run.ExitCode);
        Assert.Contains($"cannot reach broker 127.0.0.1:{port}", run.Error, StringComparison.Ordinal);
    }

    internal static List<string[]> Rows(CliRun run) =>
        run.OutLines.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(r => r.Length > 0).ToList();
}
