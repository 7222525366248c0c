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

    public async ValueTask ThrottleAsync(long sentSoFar, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return;
        }

        var due = TimeSpan.FromSeconds(sentSoFar / targetPerSecond);
        var ahead = due - time.GetElapsedTime(_start);
        if (ahead >= MinimumSleep)
        {
            await Task.Delay(ahead, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
