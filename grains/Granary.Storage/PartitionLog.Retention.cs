// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol;
using Granary.Storage.Segments;

namespace Granary.Storage;

public sealed partial class PartitionLog
{
    /// <summary>
    /// Deletes whole non-active segments that retention.ms or retention.bytes expire, or that lie wholly below
    /// LogStartOffset, never past the high watermark. Files are renamed to .deleted and removed after
    /// file.delete.delay.ms. Returns the number of segments deleted.
    /// </summary>
    public Task<int> DeleteOldSegmentsAsync() => RunOnWriterAsync(DeleteOldSegments);

    /// <summary>
    /// Moves LogStartOffset up to <paramref name="offset"/> (at most the high watermark), persists it
    /// (log-start-offset-checkpoint) and deletes the segments wholly below it. Returns the new LogStartOffset.
    /// </summary>
    public Task<long> DeleteRecordsAsync(long offset) => RunOnWriterAsync(() =>
    {
        if (offset > HighWatermark || offset < 0)
        {
            throw new LogException(KafkaErrorCode.OffsetOutOfRange, $"Cannot delete records before {offset}: it is outside [0, high watermark {HighWatermark}] in {TopicPartition}.");
        }

        if (offset > LogStartOffset)
        {
            RemoveCleanMarker();
            Volatile.Write(ref _logStartOffset, offset);
            _logStartCheckpoint.Write(offset);
            EpochCache.TruncateFromStart(offset);
            DeleteOldSegments();
        }

        return LogStartOffset;
    });

    private int DeleteOldSegments()
    {
        var config = Config;
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var segments = Volatile.Read(ref _segments);
        var highWatermark = HighWatermark;
        long total = 0;
        for (var i = 0; i < segments.Length; i++)
        {
            EnsureLoaded(segments, i);
            total += segments[i].PublishedSize;
        }

        var count = 0;
        for (var i = 0; i < segments.Length - 1; i++)
        {
            var segment = segments[i];
            var next = segments[i + 1].BaseOffset;
            if (next > highWatermark)
            {
                break;
            }

            var belowStart = next <= LogStartOffset;
            var expired = config.DeletesByRetention && config.RetentionMs >= 0 &&
                (segment.MaxTimestamp < 0 || now - segment.MaxTimestamp > config.RetentionMs);
            var oversized = config.DeletesByRetention && config.RetentionBytes >= 0 && total - segment.PublishedSize >= config.RetentionBytes;
            if (!belowStart && !expired && !oversized)
            {
                break;
            }

            total -= segment.PublishedSize;
            count++;
        }

        if (count == 0)
        {
            return 0;
        }

        RemoveCleanMarker();
        var remaining = segments[count..];
        Volatile.Write(ref _segments, remaining);
        if (remaining[0].BaseOffset > LogStartOffset)
        {
            Volatile.Write(ref _logStartOffset, remaining[0].BaseOffset);
            _logStartCheckpoint.Write(remaining[0].BaseOffset);
            EpochCache.TruncateFromStart(remaining[0].BaseOffset);
        }

        foreach (var segment in segments[..count])
        {
            DeleteSegmentFiles(segment);
        }

        StorageLog.SegmentsDeleted(_logger, TopicPartition.ToString(), count, LogStartOffset);
        return count;
    }

    /// <summary>Renames a segment's files to .deleted (durably), then removes them after file.delete.delay.ms.</summary>
    private void DeleteSegmentFiles(LogSegment segment)
    {
        WaitForRollFlush(segment);
        _handles.Invalidate(segment.LogPath);
        var deleted = new List<string>(3);
        foreach (var path in new[] { segment.LogPath, segment.IndexPath, segment.TimeIndexPath })
        {
            if (_device.FileExists(path))
            {
                _device.Move(path, path + SegmentFileNames.DeletedSuffix);
                deleted.Add(path + SegmentFileNames.DeletedSuffix);
            }
        }

        _device.FlushDirectory(Directory);
        var delay = Config.FileDeleteDelayMs;
        if (delay == 0)
        {
            DeleteFiles(deleted);
        }
        else
        {
            _ = DeleteLaterAsync(deleted, delay);
        }
    }

    private async Task DeleteLaterAsync(List<string> paths, long delayMs)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(delayMs), _time).ConfigureAwait(false);
        DeleteFiles(paths);
    }

    private void DeleteFiles(List<string> paths)
    {
        foreach (var path in paths)
        {
            try
            {
                _device.DeleteFile(path);
            }
            catch (IOException)
            {
                // Left as .deleted; the next open removes it.
            }
        }
    }
}
