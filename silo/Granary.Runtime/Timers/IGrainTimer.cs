// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Runtime.Timers;

/// <summary>A timer owned by one activation; disposing it stops further ticks. Deactivation disposes it too.</summary>
public interface IGrainTimer : IDisposable
{
    /// <summary>
    /// Reschedules the timer: the next tick after <paramref name="dueTime"/>, then every <paramref name="period"/> measured
    /// from the end of each tick. <see cref="Timeout.InfiniteTimeSpan"/> as the period makes it a one-shot timer.
    /// </summary>
    void Change(TimeSpan dueTime, TimeSpan period);
}
