// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Streams.Failures;

/// <summary>
/// How often a failing record is retried before it goes to the dead-letter topic: exponential backoff from
/// InitialBackoff, multiplied by BackoffMultiplier per attempt, capped at MaxBackoff.
/// </summary>
public sealed class StreamRetryOptions
{
    /// <summary>Attempts in total, the first delivery included (1..1000). Default 5.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Delay before the second attempt (0..10 min). Default 100 ms.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Upper bound of any delay (0..1 h, at least InitialBackoff). Default 30 s.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Growth per attempt (1..10). Default 2.</summary>
    public double BackoffMultiplier { get; set; } = 2;

    /// <summary>The delay after failed attempt number <paramref name="attempt"/> (1-based).</summary>
    public TimeSpan GetDelay(int attempt)
    {
        var factor = Math.Pow(BackoffMultiplier, Math.Max(0, attempt - 1));
        var ticks = InitialBackoff.Ticks * factor;
        return ticks >= MaxBackoff.Ticks ? MaxBackoff : TimeSpan.FromTicks((long)ticks);
    }

    internal IEnumerable<string> Validate(string prefix)
    {
        if (MaxAttempts is < 1 or > 1000)
        {
            yield return $"{prefix}MaxAttempts must be between 1 and 1000 (was {MaxAttempts}).";
        }

        if (InitialBackoff < TimeSpan.Zero || InitialBackoff > TimeSpan.FromMinutes(10))
        {
            yield return $"{prefix}InitialBackoff must be between 00:00:00 and 00:10:00 (was {InitialBackoff}).";
        }

        if (MaxBackoff < InitialBackoff || MaxBackoff > TimeSpan.FromHours(1))
        {
            yield return $"{prefix}MaxBackoff must be between InitialBackoff and 01:00:00 (was {MaxBackoff}).";
        }

        if (!(BackoffMultiplier >= 1 && BackoffMultiplier <= 10))
        {
            yield return $"{prefix}BackoffMultiplier must be between 1 and 10 (was {BackoffMultiplier}).";
        }
    }
}
