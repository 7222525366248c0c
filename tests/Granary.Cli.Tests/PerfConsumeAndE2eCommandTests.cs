// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Text.RegularExpressions;
using Granary.Cli.Perf;
using Granary.Cli.Tests.Infrastructure;
using Xunit;

namespace Granary.Cli.Tests;

/// <summary><c>granary perf consume</c> and <c>perf e2e</c> against a real silo, parsed as Kafka users' scripts parse them.</summary>
public sealed class PerfConsumeAndE2eCommandTests
{
    /// <summary>A kafka-consumer-perf-test result row.</summary>
    public static readonly Regex ConsumerRow = new(
        @"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d:\d{3}), (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d:\d{3}), ([\d.]+), ([\d.]+), (\d+), ([\d.]+), (\d+), (\d+), ([\d.]+), ([\d.]+)$");

    /// <summary>Kafka EndToEndLatency's lines.</summary>
    public static readonly Regex AvgLatency = new(@"^Avg latency: ([\d.]+) ms$");

    public static readonly Regex Percentiles = new(@"^Percentiles: 50th = (\d+), 99th = (\d+), 99\.9th = (\d+)$");

    [Fact]
    public void Consumer_row_format_matches_kafka()
    {
        var start = new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);
        var row = ConsumerPerfReport.FormatRow(start, start.AddSeconds(2), bytes: 4 * 1024 * 1024, messages: 1000, rebalanceMs: 1000);
        Assert.Equal("2026-11-21 10:00:00:000, 2026-11-21 10:00:02:000, 4.0000, 2.0000, 1000, 500.0000, 1000, 1000, 4.0000, 1000.0000", row);
        Assert.Matches(ConsumerRow, row);
    }

    [Fact]
    public async Task Perf_consume_reads_what_perf_produce_wrote()
    {
        await using var silo = await TestSilo.StartAsync(("bulk", 2));
        var b = silo.BootstrapServers;
        var produce = await CliRun.InProcessAsync("perf", "produce", "--topic", "bulk", "--num-records", "2000", "--record-size", "100", "--throughput", "-1", "-b", b);
        Assert.True(produce.ExitCode == 0, produce.ToString());

        var consume = await CliRun.InProcessAsync("perf", "consume", "--topic", "bulk", "--messages", "2000", "-b", b);
        Assert.True(consume.ExitCode == 0, consume.ToString());
        Assert.Equal(ConsumerPerfReport.Header, consume.OutLines[0]);
        var row = ConsumerRow.Match(consume.OutLines[1]);
        Assert.True(row.Success, consume.ToString());
        Assert.Equal("2000", row.Groups[5].Value);
        Assert.Equal("0.1907", row.Groups[3].Value);

        var tooMany = await CliRun.InProcessAsync("perf", "consume", "--topic", "bulk", "--messages", "2500", "--timeout", "6000", "--hide-header", "-b", b);
        Assert.Equal(ExitCodes.Failed, tooMany.ExitCode);
        Assert.Matches(ConsumerRow, tooMany.OutLines[0]);
        Assert.Contains("consumed 2000 of 2500 records", tooMany.Error, StringComparison.Ordinal);

        var unknown = await CliRun.InProcessAsync("perf", "consume", "--topic", "nope", "--messages", "1", "-b", b);
        Assert.Equal(ExitCodes.Failed, unknown.ExitCode);
    }

    [Fact]
    public async Task Perf_e2e_reports_kafka_latency_lines()
    {
        await using var silo = await TestSilo.StartAsync(("roundtrip", 1));
        var run = await CliRun.InProcessAsync("perf", "e2e", "--topic", "roundtrip", "--num-records", "300", "--record-size", "64", "--throughput", "1000", "-b", silo.BootstrapServers);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches(AvgLatency, run.OutLines[0]);
        Assert.Matches(Percentiles, run.OutLines[1]);
        Assert.Matches(@"^Percentiles \(us\): 50th = \d+, 99th = \d+, 99\.9th = \d+$", run.OutLines[2]);
        Assert.Equal("Records measured: 300 (after 0 warm-up records)", run.OutLines[3]);

        var warmed = await CliRun.InProcessAsync("perf", "e2e", "--topic", "roundtrip", "--num-records", "300", "--warmup-records", "120", "--record-size", "64", "--throughput", "1000", "-b", silo.BootstrapServers);
        Assert.True(warmed.ExitCode == 0, warmed.ToString());
        Assert.Equal("Records measured: 180 (after 120 warm-up records)", warmed.OutLines[3]);

        var allWarmup = await CliRun.InProcessAsync("perf", "e2e", "--topic", "roundtrip", "--num-records", "10", "--warmup-records", "10", "--throughput", "-1", "-b", silo.BootstrapServers);
        Assert.Equal(ExitCodes.Usage, allWarmup.ExitCode);

        var tooSmall = await CliRun.InProcessAsync("perf", "e2e", "--topic", "roundtrip", "--num-records", "1", "--record-size", "4", "--throughput", "-1", "-b", silo.BootstrapServers);
        Assert.Equal(ExitCodes.Usage, tooSmall.ExitCode);
    }
}
