// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Globalization;

namespace Granary.Cli.Perf;

/// <summary>
/// kafka-producer-perf-test's statistics and output lines, character for character, so scripts written for Kafka
/// parse them: a window line each reporting interval (5 s) and a final line with percentiles. Latencies are measured
/// in microseconds and printed in ms like Kafka's; percentiles are whole ms, as Kafka prints them. With warm-up
/// records, windows cover everything and the final line only the records after the warm-up.
/// </summary>
public sealed class ProducerStats
{
    public static readonly TimeSpan DefaultReportingInterval = TimeSpan.FromSeconds(5);

    private const double BytesPerMegabyte = 1024 * 1024;

    private readonly TimeProvider _time;
    private readonly TextWriter _output;
    private readonly long _warmupRecords;
    private readonly TimeSpan _reportingInterval;
    private readonly LatencyHistogram _histogram = new();
    private readonly Lock _lock = new();
    private long _start;
    private long _windowStart;
    private long _completed;
    private long _bytes;
    private long _windowCount;
    private long _windowBytes;
    private long _windowLatencyMicros;
    private long _windowMaxMicros;

    public ProducerStats(TimeProvider time, TextWriter output, long warmupRecords = 0, TimeSpan? reportingInterval = null)
    {
        _time = time;
        _output = output;
        _warmupRecords = warmupRecords;
        _reportingInterval = reportingInterval ?? DefaultReportingInterval;
        _start = time.GetTimestamp();
        _windowStart = _start;
    }

    public LatencyHistogram Histogram => _histogram;

    /// <summary>Records one completed send: its latency and its value size.</summary>
    public void Record(long latencyMicros, int bytes)
    {
        lock (_lock)
        {
            _completed++;
            _windowCount++;
            _windowBytes += bytes;
            _windowLatencyMicros += latencyMicros;
            _windowMaxMicros = Math.Max(_windowMaxMicros, latencyMicros);
            if (_completed == _warmupRecords)
            {
                // The steady state starts now: the final line measures from here.
                _start = _time.GetTimestamp();
            }
            else if (_completed > _warmupRecords)
            {
                _bytes += bytes;
                _histogram.Record(latencyMicros);
            }

            var now = _time.GetTimestamp();
            if (_time.GetElapsedTime(_windowStart, now) >= _reportingInterval)
            {
                var elapsedMs = _time.GetElapsedTime(_windowStart, now).TotalMilliseconds;
                _output.WriteLine(FormatWindow(_windowCount, _windowBytes, elapsedMs, (double)_windowLatencyMicros / _windowCount / 1000, _windowMaxMicros / 1000.0));
                _windowStart = now;
                _windowCount = 0;
                _windowBytes = 0;
                _windowLatencyMicros = 0;
                _windowMaxMicros = 0;
            }
        }
    }

    public void PrintTotal()
    {
        lock (_lock)
        {
            var elapsedMs = Math.Max(_time.GetElapsedTime(_start).TotalMilliseconds, 0.001);
            var h = _histogram;
            _output.WriteLine(FormatTotal(
                h.Count, _bytes, elapsedMs, h.MeanMicros / 1000, h.MaxMicros / 1000.0,
                h.PercentileMicros(50) / 1000, h.PercentileMicros(95) / 1000, h.PercentileMicros(99) / 1000, h.PercentileMicros(99.9) / 1000));
        }
    }

    /// <summary>Kafka: <c>%d records sent, %.1f records/sec (%.2f MB/sec), %.1f ms avg latency, %.1f ms max latency.</c></summary>
    public static string FormatWindow(long count, long bytes, double elapsedMs, double avgLatencyMs, double maxLatencyMs)
    {
        var recordsPerSecond = 1000.0 * count / elapsedMs;
        var megabytesPerSecond = 1000.0 * bytes / elapsedMs / BytesPerMegabyte;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{count} records sent, {recordsPerSecond:F1} records/sec ({megabytesPerSecond:F2} MB/sec), {avgLatencyMs:F1} ms avg latency, {maxLatencyMs:F1} ms max latency.");
    }

    /// <summary>
    /// Kafka: <c>%d records sent, %f records/sec (%.2f MB/sec), %.2f ms avg latency, %.2f ms max latency,
    /// %d ms 50th, %d ms 95th, %d ms 99th, %d ms 99.9th.</c>
    /// </summary>
    public static string FormatTotal(long count, long bytes, double elapsedMs, double avgLatencyMs, double maxLatencyMs, long p50, long p95, long p99, long p999)
    {
        var recordsPerSecond = 1000.0 * count / elapsedMs;
        var megabytesPerSecond = 1000.0 * bytes / elapsedMs / BytesPerMegabyte;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{count} records sent, {recordsPerSecond:F6} records/sec ({megabytesPerSecond:F2} MB/sec), {avgLatencyMs:F2} ms avg latency, {maxLatencyMs:F2} ms max latency, {p50} ms 50th, {p95} ms 95th, {p99} ms 99th, {p999} ms 99.9th.");
    }
}
