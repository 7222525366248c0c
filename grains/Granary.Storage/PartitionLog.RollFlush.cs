// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Storage.Segments;

namespace Granary.Storage;

public sealed partial class PartitionLog
{
    // The fsync of rolled segments, chained so they complete in roll order; replaced only by the writer loop. It never
    // faults: an I/O error takes the partition offline instead.
    private Task _rollFlush = Task.CompletedTask;

    // Every offset below this is in a segment whose roll flush is done (written by the roll flush).
    private long _rollFlushedEnd;

    /// <summary>
    /// Starts the fsync (log and indexes) of a segment that was just rolled, off the writer loop, after any earlier
    /// roll flush, as Kafka schedules its flush of the rolled segment. Only once it is done may the durable offset
    /// (and with it the recovery point) pass <paramref name="endOffset"/>.
    /// </summary>
    private void ScheduleRollFlush(LogSegment segment, long endOffset)
    {
        var previous = _rollFlush;
        _rollFlush = Task.Run(
            async () =>
            {
                await previous.ConfigureAwait(false);
                if (IsOffline)
                {
                    return;
                }

                try
                {
                    FlushSegment(segment, includeIndexes: true);
                    Volatile.Write(ref _rollFlushedEnd, endOffset);
                    AdvanceDurable(endOffset);
                }
                catch (Exception ex)
                {
                    // Whatever failed, the segment's durability is unknown: offline, as a foreground fsync error.
                    GoOffline(ex);
                }
            },
            CancellationToken.None);
    }

    /// <summary>
    /// Blocks the writer loop until every scheduled roll flush is done: before the durable offset may move past the
    /// rolled segments, and before a segment's files are truncated, replaced, deleted or closed.
    /// </summary>
    private void WaitForRollFlush()
    {
        if (!_rollFlush.IsCompleted)
        {
            _rollFlush.GetAwaiter().GetResult();
        }
    }

    /// <summary>Waits only if <paramref name="segment"/> may still be flushing (older segments are done).</summary>
    private void WaitForRollFlush(LogSegment segment)
    {
        if (segment.NextOffset > Volatile.Read(ref _rollFlushedEnd))
        {
            WaitForRollFlush();
        }
    }
}
