// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Cli.Perf;

/// <summary>
/// Keeps a sender at or below a target rate (kafka-producer-perf-test's --throughput): after each record it sleeps
/// until the schedule for that many records has caught up. A target of zero or less means unthrottled.
/// </summary>
public sealed class ThroughputThrottler(double targetPerSecond, TimeProvider time)
{
    /// <summary>Sleeps shorter than this are deferred and merged, since timers cannot sleep precisely below ~1 ms.</summary>
    private static readonly TimeSpan MinimumSleep = TimeSpan.FromMilliseconds(1);

    private readonly long _start = time.GetTimestamp();

    public bool Enabled => targetPerSecond > 0;

    public double TargetPerSecond => targetPerSecond;

    public ValueTask ThrottleAsync(long sentSoFar, CancellationToken cancellationToken) =>
        Enabled ? ThrottleAsync(sentSoFar, time.GetTimestamp(), cancellationToken) : default;

    /// <summary>
    /// Throttles with a timestamp the caller has just read (<paramref name="now"/>), so a sender that stamps each record
    /// anyway reads the clock once per record, not twice. A stamp a few microseconds old errs on the slow side.
    /// </summary>
    public async ValueTask ThrottleAsync(long sentSoFar, long now, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return;
        }

        var due = TimeSpan.FromSeconds(sentSoFar / targetPerSecond);
        var ahead = due - time.GetElapsedTime(_start, now);
        if (ahead >= MinimumSleep)
        {
            await Task.Delay(ahead, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
