// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Cli.Tests.Infrastructure;
using Granary.Client;
using Xunit;

namespace Granary.Cli.Tests;

/// <summary><c>granary groups</c> against a real silo: lag, every reset mode, refusal of an active group, deletion.</summary>
public sealed class GroupsCommandTests
{
    [Fact]
    public async Task Describe_shows_offsets_and_lag_and_list_names_the_group()
    {
        await using var silo = await TestSilo.StartAsync(("lagging", 1));
        var b = silo.BootstrapServers;
        await ConsumeCommandTests.KcatProduceAsync(silo, "lagging", "k:1", "k:2", "k:3", "k:4", "k:5");
        Assert.Equal(0, (await CliRun.InProcessAsync("consume", "-t", "lagging", "-g", "slow", "--from-beginning", "--max-messages", "3", "-b", b)).ExitCode);

        var list = await CliRun.InProcessAsync("groups", "list", "-b", b);
        Assert.Contains("slow", list.OutLines);
        var describe = await CliRun.InProcessAsync("groups", "describe", "--group", "slow", "-b", b);
        Assert.True(describe.ExitCode == 0, describe.ToString());
        Assert.StartsWith("Consumer group 'slow' is Empty with 0 member(s)", describe.OutLines[0], StringComparison.Ordinal);
        var rows = TopicsCommandTests.Rows(describe).Skip(1).ToList();
        Assert.Equal(["GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG", "CONSUMER-ID", "HOST", "CLIENT-ID"], rows[0]);
        Assert.Equal(["slow", "lagging", "0", "3", "5", "2", "-", "-", "-"], rows[1]);

        var missing = await CliRun.InProcessAsync("groups", "describe", "--group", "nobody", "-b", b);
        Assert.Equal(ExitCodes.Failed, missing.ExitCode);
        Assert.Contains("consumer group 'nobody' does not exist", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reset_offsets_plans_by_default_and_executes_every_mode()
    {
        await using var silo = await TestSilo.StartAsync(("replay", 1));
        var b = silo.BootstrapServers;
        await ConsumeCommandTests.KcatProduceAsync(silo, "replay", "k:1", "k:2", "k:3", "k:4", "k:5");
        Assert.Equal(0, (await CliRun.InProcessAsync("consume", "-t", "replay", "-g", "rewind", "--from-beginning", "--max-messages", "3", "-b", b)).ExitCode);

        var plan = await CliRun.InProcessAsync("groups", "reset-offsets", "-g", "rewind", "--topic", "replay", "--to-earliest", "-b", b);
        Assert.True(plan.ExitCode == 0, plan.ToString());
        Assert.Equal(["rewind", "replay", "0", "0"], TopicsCommandTests.Rows(plan)[1]);
        Assert.Contains("Dry run", plan.Error, StringComparison.Ordinal);
        Assert.Equal("3", await CommittedAsync(b, "rewind"));

        async Task ExecuteAsync(string expected, params string[] mode)
        {
            var run = await CliRun.InProcessAsync(["groups", "reset-offsets", "-g", "rewind", "--all-topics", "--execute", "-b", b, .. mode]);
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Equal(expected, await CommittedAsync(b, "rewind"));
        }

        await ExecuteAsync("1", "--to-offset", "1");
        await ExecuteAsync("3", "--shift-by", "2");
        await ExecuteAsync("2", "--shift-by", "-1");
        await ExecuteAsync("2", "--to-current");
        await ExecuteAsync("5", "--to-latest");
        await ExecuteAsync("0", "--to-earliest");
        await ExecuteAsync("5", "--to-offset", "99");
        await ExecuteAsync("0", "--by-duration", "PT1H");
        await ExecuteAsync("5", "--to-datetime", TimeProvider.System.GetUtcNow().AddDays(1).ToString("yyyy-MM-dd'T'HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture));
        await ExecuteAsync("0", "--to-datetime", "2000-01-01T00:00:00.000");

        var next = await CliRun.InProcessAsync("consume", "-t", "replay", "-g", "rewind", "--max-messages", "1", "-b", b);
        Assert.Equal(["1"], next.OutLines);
    }

    [Fact]
    public async Task Reset_offsets_refuses_an_active_group()
    {
        await using var silo = await TestSilo.StartAsync(("busy", 1));
        await ConsumeCommandTests.KcatProduceAsync(silo, "busy", "k:1");
        var config = new Dictionary<string, string>
        {
            ["bootstrap.servers"] = silo.BootstrapServers, ["group.id"] = "active", ["auto.offset.reset"] = "earliest",
        };
        using var member = new ConsumerBuilder<string, string>(config).Build();
        member.Subscribe("busy");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await member.ConsumeAsync(timeout.Token);

        var run = await CliRun.InProcessAsync("groups", "reset-offsets", "-g", "active", "--topic", "busy", "--to-earliest", "--execute", "-b", silo.BootstrapServers);
        Assert.Equal(ExitCodes.Failed, run.ExitCode);
        Assert.Contains("consumer group 'active' is Stable with 1 member(s); offsets can only be reset while it is inactive", run.Error, StringComparison.Ordinal);

        var describe = await CliRun.InProcessAsync("groups", "describe", "-g", "active", "-b", silo.BootstrapServers);
        Assert.Contains("is Stable with 1 member(s)", describe.Out, StringComparison.Ordinal);
        Assert.Contains(TopicsCommandTests.Rows(describe), r => r.Length == 4 && r[0] == member.MemberId && r[3] == "1");
        member.Close();
    }

    [Theory]
    [InlineData("-g", "g", "--topic", "t")]
    [InlineData("-g", "g", "--topic", "t", "--to-earliest", "--to-latest")]
    [InlineData("-g", "g", "--to-earliest")]
    [InlineData("-g", "g", "--topic", "t", "--all-topics", "--to-earliest")]
    [InlineData("-g", "g", "--topic", "t", "--to-earliest", "--dry-run", "--execute")]
    [InlineData("-g", "g", "--topic", "t", "--by-duration", "15 minutes")]
    [InlineData("-g", "g", "--topic", "t", "--to-datetime", "yesterday")]
    [InlineData("-g", "g", "--topic", "t", "--to-offset", "-3")]
    public async Task Reset_offsets_bad_usage_exits_with_two(params string[] args)
    {
        var run = await CliRun.InProcessAsync(["groups", "reset-offsets", .. args, "-b", $"127.0.0.1:{TestPorts.Unused()}"]);
        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
    }

    [Fact]
    public async Task Delete_offsets_and_delete_groups()
    {
        await using var silo = await TestSilo.StartAsync(("done", 2));
        var b = silo.BootstrapServers;
        await ConsumeCommandTests.KcatProduceAsync(silo, "done", "k:1", "k:2");
        Assert.Equal(0, (await CliRun.InProcessAsync("consume", "-t", "done", "-g", "finished", "--from-beginning", "--max-messages", "2", "-b", b)).ExitCode);
        var delete = await CliRun.InProcessAsync("groups", "delete", "-g", "finished", "-b", b);
        Assert.True(delete.ExitCode == 0, delete.ToString());
        Assert.Equal("Deletion of requested consumer groups ('finished') was successful.", delete.Out.Trim());
        Assert.DoesNotContain("finished", (await CliRun.InProcessAsync("groups", "list", "-b", b)).OutLines);

        var again = await CliRun.InProcessAsync("groups", "delete", "-g", "finished", "-b", b);
        Assert.Equal(ExitCodes.Failed, again.ExitCode);
        Assert.Contains("'finished'", again.Error, StringComparison.Ordinal);

        Assert.Equal(0, (await CliRun.InProcessAsync("consume", "-t", "done", "-g", "offsets-only", "--from-beginning", "--max-messages", "2", "-b", b)).ExitCode);
        var deleteOffsets = await CliRun.InProcessAsync("groups", "delete-offsets", "-g", "offsets-only", "--topic", "done:0", "-b", b);
        Assert.True(deleteOffsets.ExitCode == 0, deleteOffsets.ToString());
        Assert.Equal(["done", "0", "Successful"], TopicsCommandTests.Rows(deleteOffsets)[1]);

        // Its only committed offset is gone, so the empty group is gone too (as in Kafka).
        var afterOffsets = await CliRun.InProcessAsync("groups", "describe", "-g", "offsets-only", "-b", b);
        Assert.Equal(ExitCodes.Failed, afterOffsets.ExitCode);

        var badSelector = await CliRun.InProcessAsync("groups", "delete-offsets", "-g", "finished", "--topic", "done:x", "-b", b);
        Assert.Equal(ExitCodes.Usage, badSelector.ExitCode);
        var noPartition = await CliRun.InProcessAsync("groups", "delete-offsets", "-g", "finished", "--topic", "done:9", "-b", b);
        Assert.Equal(ExitCodes.Failed, noPartition.ExitCode);
    }

    private static async Task<string> CommittedAsync(string bootstrap, string group)
    {
        var describe = await CliRun.InProcessAsync("groups", "describe", "-g", group, "-b", bootstrap);
        Assert.True(describe.ExitCode == 0, describe.ToString());
        return TopicsCommandTests.Rows(describe)[2][3];
    }
}
