// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Cli.Tests.Infrastructure;
using Xunit;

namespace Granary.Cli.Tests;

/// <summary><c>granary perf produce</c> against a real silo: its output parses with Kafka users' regular expressions.</summary>
public sealed class PerfProduceCommandTests
{
    [Fact]
    public async Task Random_payloads_report_a_final_line_that_parses()
    {
        await using var silo = await TestSilo.StartAsync(("perf", 2));
        var run = await CliRun.InProcessAsync(
            "perf", "produce", "--topic", "perf", "--num-records", "3000", "--record-size", "100", "--throughput", "-1",
            "--producer-props", "acks=1", "enable.idempotence=false", "linger.ms=2", "-b", silo.BootstrapServers);
        Assert.True(run.ExitCode == 0, run.ToString());
        var last = run.OutLines[^1];
        var total = PerfFormatTests.TotalLine.Match(last);
        Assert.True(total.Success, run.ToString());
        Assert.Equal("3000", total.Groups[1].Value);
        Assert.All(run.OutLines[..^1], line => Assert.Matches(PerfFormatTests.WindowLine, line));

        var count = await ExternalProcess.KcatAsync("-C", "-b", silo.BootstrapServers, "-t", "perf", "-o", "beginning", "-e", "-q", "-f", "%S\n");
        Assert.Equal(3000, count.OutLines.Length);
        Assert.All(count.OutLines, size => Assert.Equal("100", size));
    }

    [Fact]
    public async Task Payload_file_entries_are_sent_with_throttling_and_warmup()
    {
        await using var silo = await TestSilo.StartAsync(("payloads", 1));
        using var payloads = new TempFile();
        await File.WriteAllTextAsync(payloads.Path, "alpha;beta;gamma");
        var run = await CliRun.InProcessAsync(
            "perf", "produce", "--topic", "payloads", "--num-records", "200", "--payload-file", payloads.Path, "--payload-delimiter", ";",
            "--throughput", "2000", "--warmup-records", "50", "-b", silo.BootstrapServers);
        Assert.True(run.ExitCode == 0, run.ToString());
        var total = PerfFormatTests.TotalLine.Match(run.OutLines[^1]);
        Assert.True(total.Success, run.ToString());
        Assert.Equal("150", total.Groups[1].Value);

        var read = await ExternalProcess.KcatAsync("-C", "-b", silo.BootstrapServers, "-t", "payloads", "-o", "beginning", "-e", "-q");
        Assert.Equal(200, read.OutLines.Length);
        Assert.All(read.OutLines, value => Assert.Contains(value, new[] { "alpha", "beta", "gamma" }));
    }

    [Theory]
    [InlineData("either --record-size or --payload-file", "--throughput", "-1")]
    [InlineData("either --record-size or --payload-file", "--throughput", "-1", "--record-size", "10", "--payload-file", "/etc/hostname")]
    [InlineData("--throughput must be more than 0", "--throughput", "0", "--record-size", "10")]
    [InlineData("--warmup-records must be", "--throughput", "-1", "--record-size", "10", "--warmup-records", "5")]
    [InlineData("--producer-props expects key=value", "--throughput", "-1", "--record-size", "10", "--producer-props", "acks")]
    [InlineData("No such configuration property", "--throughput", "-1", "--record-size", "10", "--producer-props", "bogus.key=1")]
    public async Task Nonsensical_flags_are_usage_errors(string expected, params string[] flags)
    {
        await using var silo = await TestSilo.StartAsync(("perf-usage", 1));
        var run = await CliRun.InProcessAsync(["perf", "produce", "--topic", "perf-usage", "--num-records", "5", "-b", silo.BootstrapServers, .. flags]);
        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_built_tool_runs_as_a_child_process()
    {
        await using var silo = await TestSilo.StartAsync(("child", 1));
        var produce = await ExternalProcess.GranaryAsync("from a child process\n", "produce", "--topic", "child", "-b", silo.BootstrapServers);
        Assert.True(produce.ExitCode == 0, produce.ToString());
        var perf = await ExternalProcess.GranaryAsync(string.Empty, "perf", "produce", "--topic", "child", "--num-records", "100", "--record-size", "10", "--throughput", "-1", "-b", silo.BootstrapServers);
        Assert.True(perf.ExitCode == 0, perf.ToString());
        Assert.Matches(PerfFormatTests.TotalLine, perf.OutLines[^1]);

        var unreachable = await ExternalProcess.GranaryAsync(string.Empty, "produce", "--topic", "child", "-b", $"127.0.0.1:{TestPorts.Unused()}");
        Assert.Equal(ExitCodes.Failed, unreachable.ExitCode);
        Assert.StartsWith("granary: cannot reach broker 127.0.0.1:", unreachable.Error, StringComparison.Ordinal);

        var usage = await ExternalProcess.GranaryAsync(string.Empty, "perf", "produce", "--topic", "child");
        Assert.Equal(ExitCodes.Usage, usage.ExitCode);
    }
}
