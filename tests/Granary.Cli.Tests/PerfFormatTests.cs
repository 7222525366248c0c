// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text.RegularExpressions;
using Granary.Cli.Perf;
using Xunit;

namespace Granary.Cli.Tests;

/// <summary>The perf lines parse with the regular expressions scripts written for Kafka's perf tools use.</summary>
public sealed class PerfFormatTests
{
    /// <summary>The window line as Kafka users' scripts match it.</summary>
    public static readonly Regex WindowLine = new(
        @"^(\d+) records sent, ([\d.]+) records/sec \(([\d.]+) MB/sec\), ([\d.]+) ms avg latency, ([\d.]+) ms max latency\.$");

    /// <summary>The final line with its percentiles.</summary>
    public static readonly Regex TotalLine = new(
        @"^(\d+) records sent, ([\d.]+) records/sec \(([\d.]+) MB/sec\), ([\d.]+) ms avg latency, ([\d.]+) ms max latency, (\d+) ms 50th, (\d+) ms 95th, (\d+) ms 99th, (\d+) ms 99\.9th\.$");

    [Fact]
    public void Window_line_matches_kafka_format_and_values()
    {
        var line = ProducerStats.FormatWindow(count: 1000, bytes: 1000 * 1024, elapsedMs: 5000, avgLatencyMs: 2.345, maxLatencyMs: 17);
        Assert.Equal("1000 records sent, 200.0 records/sec (0.20 MB/sec), 2.3 ms avg latency, 17.0 ms max latency.", line);
        Assert.Matches(WindowLine, line);
    }

    [Fact]
    public void Total_line_matches_kafka_format_and_values()
    {
        var line = ProducerStats.FormatTotal(count: 3, bytes: 3 * 1024 * 1024, elapsedMs: 1500, avgLatencyMs: 1.5, maxLatencyMs: 4, p50: 1, p95: 3, p99: 4, p999: 4);
        Assert.Equal("3 records sent, 2.000000 records/sec (2.00 MB/sec), 1.50 ms avg latency, 4.00 ms max latency, 1 ms 50th, 3 ms 95th, 4 ms 99th, 4 ms 99.9th.", line);
        Assert.Matches(TotalLine, line);
    }

    [Fact]
    public void Stats_print_a_window_every_five_seconds_and_exact_totals()
    {
        var time = new FakeTimeProvider();
        var output = new StringWriter();
        var stats = new ProducerStats(time, output);
        for (var i = 1; i <= 100; i++)
        {
            stats.Record(latencyMicros: i * 1000, bytes: 100);
        }

        Assert.Equal(string.Empty, output.ToString());
        time.Advance(TimeSpan.FromSeconds(5));
        stats.Record(latencyMicros: 1000, bytes: 100);
        var window = WindowLine.Match(output.ToString().TrimEnd());
        Assert.True(window.Success, output.ToString());
        Assert.Equal("101", window.Groups[1].Value);
        Assert.Equal("20.2", window.Groups[2].Value);
        Assert.Equal("100.0", window.Groups[5].Value);

        time.Advance(TimeSpan.FromSeconds(5));
        output.GetStringBuilder().Clear();
        stats.PrintTotal();
        var total = TotalLine.Match(output.ToString().TrimEnd());
        Assert.True(total.Success, output.ToString());
        Assert.Equal("101", total.Groups[1].Value);
        Assert.Equal(10.1, double.Parse(total.Groups[2].Value, CultureInfo.InvariantCulture), 6);
        Assert.Equal("50", total.Groups[6].Value);
        Assert.Equal("95", total.Groups[7].Value);
        Assert.Equal("99", total.Groups[8].Value);
        Assert.Equal("100", total.Groups[9].Value);
    }

    [Fact]
    public void Warmup_records_are_left_out_of_the_final_line()
    {
        var time = new FakeTimeProvider();
        var output = new StringWriter();
        var stats = new ProducerStats(time, output, warmupRecords: 10);
        for (var i = 0; i < 10; i++)
        {
            stats.Record(latencyMicros: 900_000, bytes: 10);
        }

        time.Advance(TimeSpan.FromSeconds(1));
        for (var i = 0; i < 20; i++)
        {
            stats.Record(latencyMicros: 2000, bytes: 10);
        }

        time.Advance(TimeSpan.FromSeconds(1));
        stats.PrintTotal();
        var total = TotalLine.Match(output.ToString().TrimEnd());
        Assert.True(total.Success, output.ToString());
        Assert.Equal("20", total.Groups[1].Value);
        Assert.Equal("2.00", total.Groups[5].Value);
    }

    [Fact]
    public void Histogram_is_exact_below_256_us_and_within_one_percent_above()
    {
        var histogram = new LatencyHistogram();
        for (var i = 1; i <= 200; i++)
        {
            histogram.Record(i);
        }

        Assert.Equal(100, histogram.PercentileMicros(50));
        Assert.Equal(198, histogram.PercentileMicros(99));
        Assert.Equal(200, histogram.PercentileMicros(100));

        var large = new LatencyHistogram();
        foreach (var value in new long[] { 1_000, 54_321, 7_654_321, 123_456_789_012 })
        {
            large.Record(value);
            var bucket = LatencyHistogram.LowestValueAt(LatencyHistogram.IndexOf(value));
            Assert.InRange(bucket, value - (value / 128) - 1, value);
        }

        Assert.Equal(123_456_789_012, large.MaxMicros);
        Assert.Equal(4, large.Count);
    }

    [Fact]
    public async Task Throttler_sleeps_until_the_schedule_allows_the_next_record()
    {
        var time = new FakeTimeProvider();
        var throttler = new ThroughputThrottler(targetPerSecond: 10, time);
        var wait = throttler.ThrottleAsync(sentSoFar: 10, CancellationToken.None).AsTask();
        Assert.False(wait.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(wait.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await wait.WaitAsync(TimeSpan.FromSeconds(10));

        // Behind schedule: no sleep at all.
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(throttler.ThrottleAsync(sentSoFar: 20, CancellationToken.None).IsCompleted);
        Assert.True(new ThroughputThrottler(-1, time).ThrottleAsync(1_000_000, CancellationToken.None).IsCompleted);
    }
}
