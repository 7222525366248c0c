// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Runtime.Timers;

/// <summary>How a grain timer is scheduled and how its ticks share the activation.</summary>
public readonly record struct GrainTimerCreationOptions
{
    /// <summary>Creates options with the given first due time and period.</summary>
    public GrainTimerCreationOptions(TimeSpan dueTime, TimeSpan period)
    {
        DueTime = dueTime;
        Period = period;
    }

    /// <summary>Delay before the first tick; <see cref="Timeout.InfiniteTimeSpan"/> leaves the timer stopped.</summary>
    public TimeSpan DueTime { get; init; }

    /// <summary>
    /// Delay between the end of one tick and the start of the next, so ticks never overlap;
    /// <see cref="Timeout.InfiniteTimeSpan"/> makes a one-shot timer.
    /// </summary>
    public TimeSpan Period { get; init; }

    /// <summary>When true, ticks interleave with other turns instead of waiting for exclusive access. Default false.</summary>
    public bool Interleave { get; init; }

    /// <summary>
    /// When true, each tick counts as activity and so postpones idle collection. Default false, as in Orleans: a timer
    /// alone does not keep an otherwise idle grain in memory.
    /// </summary>
    public bool KeepAlive { get; init; }
}
