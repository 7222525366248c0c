// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Globalization;

namespace Granary.Cli.Perf;

/// <summary>kafka-consumer-perf-test's header and result row, character for character.</summary>
public static class ConsumerPerfReport
{
    public const string Header = "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec";

    /// <summary>kafka-consumer-perf-test's default --date-format (Java's yyyy-MM-dd HH:mm:ss:SSS).</summary>
    public const string DefaultDateFormat = "yyyy-MM-dd HH:mm:ss:fff";

    private const double BytesPerMegabyte = 1024 * 1024;

    /// <summary>Kafka: <c>%s, %s, %.4f, %.4f, %d, %.4f, %d, %d, %.4f, %.4f</c>; fetch time is the elapsed time minus the rebalance time.</summary>
    public static string FormatRow(DateTimeOffset start, DateTimeOffset end, long bytes, long messages, long rebalanceMs, string dateFormat = DefaultDateFormat)
    {
        var elapsedMs = Math.Max((end - start).TotalMilliseconds, 1);
        var fetchMs = Math.Max((long)elapsedMs - rebalanceMs, 1);
        var megabytes = bytes / BytesPerMegabyte;
        var inv = CultureInfo.InvariantCulture;
        return string.Create(
            inv,
            $"{start.ToString(dateFormat, inv)}, {end.ToString(dateFormat, inv)}, {megabytes:F4}, {megabytes / (elapsedMs / 1000):F4}, {messages}, {messages / (elapsedMs / 1000):F4}, {rebalanceMs}, {fetchMs}, {megabytes / (fetchMs / 1000.0):F4}, {messages / (fetchMs / 1000.0):F4}");
    }
}
