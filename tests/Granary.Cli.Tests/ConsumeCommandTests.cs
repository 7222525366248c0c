// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Cli.Tests.Infrastructure;
using Xunit;

namespace Granary.Cli.Tests;

/// <summary><c>granary consume</c> against a real silo, with records written by kcat (an independent producer).</summary>
public sealed class ConsumeCommandTests
{
    [Fact]
    public async Task Consumes_from_the_beginning_in_the_kcat_format()
    {
        await using var silo = await TestSilo.StartAsync(("events", 1));
        await KcatProduceAsync(silo, "events", "a:first", "b:second", "c:third");

        var run = await CliRun.InProcessAsync(
            "consume", "--topic", "events", "--from-beginning", "--max-messages", "3", "--format", @"%t|%p|%o|%k|%K|%s|%S|%h\n", "-b", silo.BootstrapServers);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["events|0|0|a|1|first|5|", "events|0|1|b|1|second|6|", "events|0|2|c|1|third|5|"], run.OutLines);
        Assert.Contains("Processed a total of 3 messages", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Partition_offset_and_timestamp_choose_where_to_start()
    {
        await using var silo = await TestSilo.StartAsync(("positions", 2));
        await KcatProduceAsync(silo, "positions", "k:zero", "k:one", "k:two");
        var partition = (await ExternalProcess.KcatAsync("-C", "-b", silo.BootstrapServers, "-t", "positions", "-o", "beginning", "-e", "-q", "-f", "%p\n")).OutLines[0];

        var fromOne = await CliRun.InProcessAsync("consume", "-t", "positions", "--partition", partition, "--offset", "1", "--timeout", "1500", "-f", @"%o=%s\n", "-b", silo.BootstrapServers);
        Assert.True(fromOne.ExitCode == 0, fromOne.ToString());
        Assert.Equal(["1=one", "2=two"], fromOne.OutLines);

        var future = TimeProvider.System.GetUtcNow().AddDays(1).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var none = await CliRun.InProcessAsync("consume", "-t", "positions", "--partition", partition, "--timestamp", future, "--timeout", "1000", "-b", silo.BootstrapServers);
        Assert.True(none.ExitCode == 0, none.ToString());
        Assert.Empty(none.OutLines);
        Assert.Contains("Processed a total of 0 messages", none.Error, StringComparison.Ordinal);

        var all = await CliRun.InProcessAsync("consume", "-t", "positions", "--timestamp", "0", "--max-messages", "3", "-f", @"%s %T\n", "-b", silo.BootstrapServers);
        Assert.True(all.ExitCode == 0, all.ToString());
        Assert.Equal(["zero", "one", "two"], all.OutLines.Select(l => l.Split(' ')[0]));
        Assert.All(all.OutLines, l => Assert.True(long.Parse(l.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture) > 0));
    }

    [Fact]
    public async Task A_group_commits_what_it_consumed()
    {
        await using var silo = await TestSilo.StartAsync(("committed", 1));
        await KcatProduceAsync(silo, "committed", "k:1", "k:2", "k:3", "k:4");
        var run = await CliRun.InProcessAsync("consume", "-t", "committed", "--group", "readers", "--from-beginning", "--max-messages", "3", "--isolation-level", "read_committed", "-b", silo.BootstrapServers);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["1", "2", "3"], run.OutLines);

        var next = await CliRun.InProcessAsync("consume", "-t", "committed", "--group", "readers", "--max-messages", "1", "-b", silo.BootstrapServers);
        Assert.Equal(["4"], next.OutLines);
    }

    [Theory]
    [InlineData("unknown topic 'ghost'", ExitCodes.Failed, "-t", "ghost", "--timeout", "100")]
    [InlineData("--group and --partition", ExitCodes.Usage, "-t", "present", "--group", "g", "--partition", "0")]
    [InlineData("--offset N needs --partition", ExitCodes.Usage, "-t", "present", "--offset", "5")]
    [InlineData("mutually exclusive", ExitCodes.Usage, "-t", "present", "--from-beginning", "--offset", "end")]
    [InlineData("unknown token '%x'", ExitCodes.Usage, "-t", "present", "--format", "%x")]
    [InlineData("--isolation-level", ExitCodes.Usage, "-t", "present", "--isolation-level", "dirty")]
    [InlineData("has no partition 7", ExitCodes.Failed, "-t", "present", "--partition", "7", "--timeout", "100")]
    public async Task Failures_and_bad_usage(string expected, int exitCode, params string[] args)
    {
        await using var silo = await TestSilo.StartAsync(("present", 1));
        var run = await CliRun.InProcessAsync(["consume", .. args, "-b", silo.BootstrapServers]);
        Assert.True(run.ExitCode == exitCode, run.ToString());
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
    }

    internal static async Task KcatProduceAsync(TestSilo silo, string topic, params string[] keyedLines)
    {
        var run = await ExternalProcess.RunAsync("kcat", ["-P", "-b", silo.BootstrapServers, "-t", topic, "-K", ":", "-p", "0"], string.Join('\n', keyedLines) + "\n");
        Assert.True(run.ExitCode == 0, run.ToString());
    }
}
