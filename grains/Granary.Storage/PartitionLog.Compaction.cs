// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Storage.Checkpoints;
using Granary.Storage.Cleaning;
using Granary.Storage.Segments;

namespace Granary.Storage;

public sealed partial class PartitionLog
{
    public const string CleanerOffsetCheckpointFileName = "cleaner-offset-checkpoint";

    private readonly SemaphoreSlim _cleaning = new(1, 1);

    /// <summary>
    /// One pass of the log cleaner (cleanup.policy=compact or compact,delete): keeps the latest record per key in
    /// the sealed segments below the high watermark, when their dirty share reaches min.cleanable.dirty.ratio (or
    /// always with <paramref name="force"/>). Tombstones older than delete.retention.ms are removed. Each cleaned
    /// segment is written as .cleaned, fsynced, renamed to .swap and then swapped in on the writer loop.
    /// </summary>
    public async Task<CompactionResult> CompactAsync(bool force = false, CancellationToken cancellationToken = default)
    {
        var config = Config;
        if (!config.Compacts || IsOffline)
        {
            return CompactionResult.None;
        }

        await _cleaning.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Task.Run(() => CompactCoreAsync(config, force, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _cleaning.Release();
        }
    }

    private async Task<CompactionResult> CompactCoreAsync(LogConfig config, bool force, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var segments = Volatile.Read(ref _segments);
        var highWatermark = HighWatermark;
        var end = 0;
        for (var i = 0; i < segments.Length - 1; i++)
        {
            EnsureLoaded(segments, i);
            if (segments[i + 1].BaseOffset > highWatermark ||
                (config.MinCompactionLagMs > 0 && segments[i].MaxTimestamp > now - config.MinCompactionLagMs))
            {
                break;
            }

            end = i + 1;
        }

        if (end == 0)
        {
            return CompactionResult.None;
        }

        var checkpoint = new OffsetCheckpointFile(_device, Path.Combine(Directory, CleanerOffsetCheckpointFileName), TopicPartition);
        var firstDirty = checkpoint.Read() ?? LogStartOffset;
        long total = 0, dirty = 0;
        for (var i = 0; i < end; i++)
        {
            total += segments[i].PublishedSize;
            if (segments[i + 1].BaseOffset > firstDirty)
            {
                dirty += segments[i].PublishedSize;
            }
        }

        if (!force && (total == 0 || (double)dirty / total < config.MinCleanableDirtyRatio))
        {
            return CompactionResult.None;
        }

        var map = new Dictionary<byte[], long>(ByteKeyComparer.Instance);
        for (var i = 0; i < end; i++)
        {
            using var lease = _handles.Acquire(segments[i].LogPath);
            SegmentCleaner.MapKeys(lease.File, segments[i].PublishedSize, map);
        }

        var tombstoneHorizon = now - config.DeleteRetentionMs;
        var result = CompactionResult.None;
        for (var i = 0; i < end; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var segment = segments[i];
            var size = segment.PublishedSize;
            var cleanedPath = segment.LogPath + SegmentFileNames.CleanedSuffix;
            long bytes, removed;
            using (var input = _handles.Acquire(segment.LogPath))
            using (var output = _device.Open(cleanedPath, create: true))
            {
                output.SetLength(0);
                (bytes, removed) = SegmentCleaner.Clean(input.File, size, output, map, tombstoneHorizon);
                if (removed > 0)
                {
                    output.Flush();
                }
            }

            if (removed == 0)
            {
                _device.DeleteFile(cleanedPath);
                continue;
            }

            var swapPath = segment.LogPath + SegmentFileNames.SwapSuffix;
            _device.Move(cleanedPath, swapPath);
            _device.FlushDirectory(Directory);
            var swapped = await RunOnWriterAsync(() => SwapIn(segment, size, swapPath)).ConfigureAwait(false);
            if (swapped)
            {
                result = new CompactionResult(result.SegmentsCleaned + 1, result.RecordsRemoved + removed, result.BytesBefore + size, result.BytesAfter + bytes);
            }
        }

        checkpoint.Write(segments[end].BaseOffset);
        return result;
    }

    /// <summary>Replaces a sealed segment with its cleaned copy, unless the log changed under the cleaner.</summary>
    private bool SwapIn(LogSegment old, long expectedSize, string swapPath)
    {
        var current = Volatile.Read(ref _segments);
        var index = Array.IndexOf(current, old);
        if (index < 0 || index == current.Length - 1 || old.PublishedSize != expectedSize)
        {
            _device.DeleteFile(swapPath);
            return false;
        }

        WaitForRollFlush(old);
        RemoveCleanMarker();
        var replacement = new LogSegment(Directory, old.BaseOffset);
        _handles.Invalidate(old.LogPath);
        var deletedPath = old.LogPath + SegmentFileNames.DeletedSuffix;
        _device.Move(old.LogPath, deletedPath);
        _device.Move(swapPath, old.LogPath);
        using (var lease = _handles.Acquire(old.LogPath))
        {
            replacement.Rebuild(lease.File, lease.File.Length, Config, verifyCrc: false);
        }

        replacement.NextOffset = current[index + 1].BaseOffset;
        replacement.Index.Persist(_device, replacement.IndexPath, flush: true);
        replacement.TimeIndex.Persist(_device, replacement.TimeIndexPath, flush: true);
        var updated = (LogSegment[])current.Clone();
        updated[index] = replacement;
        Volatile.Write(ref _segments, updated);
        _device.FlushDirectory(Directory);
        var delay = Config.FileDeleteDelayMs;
        if (delay == 0)
        {
            DeleteFiles([deletedPath]);
        }
        else
        {
            _ = DeleteLaterAsync([deletedPath], delay);
        }

        return true;
    }
}
