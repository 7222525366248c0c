// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Cli.Formatting;
using Granary.Cli.Tests.Infrastructure;
using Xunit;

namespace Granary.Cli.Tests;

/// <summary>Progress on long operations: a live Spectre display on a terminal, plain lines (or nothing) otherwise.</summary>
public sealed class ProgressTests
{
    [Fact]
    public async Task Without_a_terminal_progress_prints_a_plain_line_at_most_every_five_seconds_and_nothing_when_not_asked()
    {
        var time = new FakeTimeProvider();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(new CliConsole(TextReader.Null, output, error), time);

        var result = await CliProgress.RunAsync(context, "Replaying x.dlq", 10, plainLines: true, progress =>
        {
            Assert.False(progress.IsLive);
            Assert.Same(output, progress.Out);
            progress.Report(1);
            time.Advance(TimeSpan.FromSeconds(4));
            progress.Report(2);
            time.Advance(TimeSpan.FromSeconds(1));
            progress.Report(3);
            progress.Report(4);
            time.Advance(TimeSpan.FromSeconds(5));
            progress.Report(7, 12);
            return Task.FromResult(42);
        });

        Assert.Equal(42, result);
        Assert.Equal(["Replaying x.dlq: 3/10", "Replaying x.dlq: 7/12"], error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')));
        Assert.Empty(output.ToString());

        using var quiet = new StringWriter();
        await CliProgress.RunAsync(new CliContext(new CliConsole(TextReader.Null, output, quiet), time), "perf", 10, plainLines: false, progress =>
        {
            time.Advance(TimeSpan.FromSeconds(10));
            progress.Report(5);
            return Task.FromResult(0);
        });
        Assert.Empty(quiet.ToString());
    }

    [Fact]
    public async Task On_a_terminal_the_display_draws_on_stderr_and_result_lines_go_above_it_when_stdout_is_the_terminal_too()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(new CliConsole(TextReader.Null, output, error, interactive: true, outIsTerminal: true), TimeProvider.System);

        await CliProgress.RunAsync(context, "perf produce t", 100, plainLines: false, async progress =>
        {
            Assert.True(progress.IsLive);
            await progress.Out.WriteLineAsync("50 records sent, 10.0 records/sec (0.00 MB/sec), 1.0 ms avg latency, 2.0 ms max latency.");
            progress.Report(100);
            return 0;
        });

        var drawn = error.ToString();
        Assert.Contains("perf produce t", drawn, StringComparison.Ordinal);
        Assert.Contains("100%", drawn, StringComparison.Ordinal);
        Assert.Contains("\u001b[", drawn, StringComparison.Ordinal);
        Assert.Contains("50 records sent, 10.0 records/sec", drawn, StringComparison.Ordinal);
        Assert.Empty(output.ToString());
    }

    [Fact]
    public async Task Perf_produce_on_a_terminal_keeps_its_kafka_lines_on_a_redirected_stdout_and_draws_on_stderr()
    {
        await using var silo = await TestSilo.StartAsync(("live", 1));
        var run = await CliRun.InteractiveAsync(
            "perf", "produce", "--topic", "live", "--num-records", "3000", "--record-size", "100", "--throughput", "-1",
            "-b", silo.BootstrapServers);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches(PerfFormatTests.TotalLine, run.OutLines[^1]);
        Assert.All(run.OutLines, line => Assert.True(PerfFormatTests.WindowLine.IsMatch(line) || PerfFormatTests.TotalLine.IsMatch(line), line));
        Assert.Contains("perf produce live", run.Error, StringComparison.Ordinal);
        Assert.Contains("\u001b[", run.Error, StringComparison.Ordinal);
        Assert.Contains("100%", run.Error, StringComparison.Ordinal);
    }
}
