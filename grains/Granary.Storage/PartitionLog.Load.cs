// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol.Records;
using Granary.Storage.Checkpoints;
using Granary.Storage.Segments;

namespace Granary.Storage;

public sealed partial class PartitionLog
{
    private void Load(Guid topicId)
    {
        _device.CreateDirectory(Directory);
        if (topicId != Guid.Empty && PartitionMetadataFile.Read(_device, Directory) is null)
        {
            PartitionMetadataFile.Write(_device, Directory, topicId);
        }

        var markerPath = Path.Combine(Directory, CleanShutdownFileName);
        var clean = _device.FileExists(markerPath);
        _cleanMarkerPresent = clean;
        var rebuild = new HashSet<long>();
        if (RemoveLeftovers(rebuild))
        {
            clean = false;
        }

        var bases = new SortedSet<long>();
        foreach (var name in _device.ListFiles(Directory))
        {
            if (name.EndsWith(SegmentFileNames.LogSuffix, StringComparison.Ordinal) && SegmentFileNames.TryParseBaseOffset(name, out var baseOffset))
            {
                bases.Add(baseOffset);
            }
        }

        var recoveryPoint = _recoveryPointCheckpoint.Read() ?? 0;
        var logStartCheckpoint = _logStartCheckpoint.Read();
        var highWatermark = _highWatermarkCheckpoint.Read();
        if (bases.Count == 0)
        {
            var start = logStartCheckpoint ?? 0;
            bases.Add(start);
            using (_handles.Acquire(SegmentFileNames.Log(Directory, start), create: true))
            {
            }

            clean = false;
        }

        var segments = bases.Select(b => new LogSegment(Directory, b)).ToList();
        var config = Config;
        if (clean && !TryLoadActiveClean(segments[^1], config))
        {
            clean = false;
        }

        if (!clean)
        {
            Recover(segments, recoveryPoint, rebuild, config);
        }

        var active = segments[^1];
        var logEnd = active.NextOffset;
        _segments = [.. segments];
        _logEndOffset = logEnd;
        _logStartOffset = Math.Min(Math.Max(logStartCheckpoint ?? segments[0].BaseOffset, segments[0].BaseOffset), logEnd);
        _highWatermark = Math.Clamp(highWatermark ?? _logStartOffset, _logStartOffset, logEnd);
        _durableOffset = logEnd;
        _nextOffset = logEnd;
        _lastFlushMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        if (active.RollingBasedTimestamp < 0 || active.RollingBasedTimestamp > _lastFlushMs)
        {
            active.RollingBasedTimestamp = _lastFlushMs;
        }

        EpochCache = new LeaderEpochCache(_device, Directory);
        EpochCache.TruncateFromEnd(logEnd);
        EpochCache.TruncateFromStart(_logStartOffset);
        if (!clean)
        {
            _recoveryPointCheckpoint.Write(logEnd);
            if (_cleanMarkerPresent)
            {
                RemoveCleanMarker();
            }
        }

        OpenedClean = clean;
    }

    /// <summary>
    /// Removes what an interrupted delete or compaction left behind. A .swap file is a complete, fsynced cleaned
    /// segment, so it replaces the segment it was made from (Kafka does the same); .cleaned and .deleted are dropped.
    /// </summary>
    private bool RemoveLeftovers(HashSet<long> rebuild)
    {
        var found = false;
        foreach (var name in _device.ListFiles(Directory))
        {
            var path = Path.Combine(Directory, name);
            if (name.EndsWith(SegmentFileNames.DeletedSuffix, StringComparison.Ordinal) ||
                name.EndsWith(SegmentFileNames.CleanedSuffix, StringComparison.Ordinal) ||
                name.EndsWith(".tmp", StringComparison.Ordinal))
            {
                _device.DeleteFile(path);
                found = true;
            }
            else if (name.EndsWith(SegmentFileNames.SwapSuffix, StringComparison.Ordinal))
            {
                found = true;
                var target = name[..^SegmentFileNames.SwapSuffix.Length];
                if (target.EndsWith(SegmentFileNames.LogSuffix, StringComparison.Ordinal) && SegmentFileNames.TryParseBaseOffset(target, out var baseOffset))
                {
                    _handles.Invalidate(Path.Combine(Directory, target));
                    DeleteIfExists(SegmentFileNames.Index(Directory, baseOffset));
                    DeleteIfExists(SegmentFileNames.TimeIndex(Directory, baseOffset));
                    _device.Move(path, Path.Combine(Directory, target));
                    rebuild.Add(baseOffset);
                }
                else
                {
                    _device.DeleteFile(path);
                }
            }
        }

        if (found)
        {
            _device.FlushDirectory(Directory);
        }

        return found;
    }

    private void DeleteIfExists(string path)
    {
        if (_device.FileExists(path))
        {
            _device.DeleteFile(path);
        }
    }

    /// <summary>Clean open of the active segment: trust its index and scan only past the last index entry.</summary>
    private bool TryLoadActiveClean(LogSegment active, LogConfig config)
    {
        using var lease = _handles.Acquire(active.LogPath, create: true);
        var size = lease.File.Length;
        var index = OffsetIndex.TryLoad(_device, active.IndexPath, active.BaseOffset, config.SegmentIndexBytes, Math.Max(size, 1));
        var timeIndex = TimeIndex.TryLoad(_device, active.TimeIndexPath, active.BaseOffset, long.MaxValue);
        if (index is null || timeIndex is null)
        {
            return false;
        }

        active.SetIndexes(index, timeIndex);
        var last = timeIndex.LastEntry;
        active.MaxTimestamp = last?.Timestamp ?? -1;
        active.OffsetOfMaxTimestamp = last?.Offset ?? active.BaseOffset;
        if (size >= RecordBatchHeader.Size)
        {
            active.RollingBasedTimestamp = ReadHeader(lease.File, 0).MaxTimestamp;
        }

        active.LoadTail(lease.File, size, config);
        return active.Size == size;
    }

    /// <summary>
    /// Unclean open: validates every batch (length, magic, CRC, increasing offsets) from the segment holding the
    /// recovery point onwards, rebuilds those indexes, truncates at the first invalid byte and drops any later segments.
    /// </summary>
    private void Recover(List<LogSegment> segments, long recoveryPoint, HashSet<long> rebuild, LogConfig config)
    {
        var first = segments.FindLastIndex(s => s.BaseOffset <= recoveryPoint);
        if (first < 0)
        {
            first = 0;
        }

        foreach (var baseOffset in rebuild)
        {
            var i = segments.FindIndex(s => s.BaseOffset == baseOffset);
            if (i >= 0 && i < first)
            {
                first = i;
            }
        }

        for (var i = first; i < segments.Count; i++)
        {
            var segment = segments[i];
            using var lease = _handles.Acquire(segment.LogPath, create: true);
            var size = lease.File.Length;
            var (validEnd, stop) = segment.Rebuild(lease.File, size, config, verifyCrc: true);
            if (validEnd < size)
            {
                StorageLog.RecoveryTruncated(_logger, TopicPartition.ToString(), segment.BaseOffset, validEnd, stop.ToString());
                lease.File.SetLength(validEnd);
            }

            lease.File.Flush();
            segment.Index.Persist(_device, segment.IndexPath, flush: true);
            segment.TimeIndex.Persist(_device, segment.TimeIndexPath, flush: true);
            if (validEnd < size && i < segments.Count - 1)
            {
                foreach (var later in segments.Skip(i + 1))
                {
                    _handles.Invalidate(later.LogPath);
                    DeleteIfExists(later.LogPath);
                    DeleteIfExists(later.IndexPath);
                    DeleteIfExists(later.TimeIndexPath);
                }

                segments.RemoveRange(i + 1, segments.Count - i - 1);
                _device.FlushDirectory(Directory);
                break;
            }
        }

        // Segments before the recovery point keep their (lazily loaded) indexes. The active segment must know its end.
        var active = segments[^1];
        if (!active.IndexesLoaded)
        {
            using var lease = _handles.Acquire(active.LogPath, create: true);
            active.Rebuild(lease.File, lease.File.Length, config, verifyCrc: false);
        }

        // An empty active segment that follows others ends where it begins.
        if (active.Size == 0)
        {
            active.NextOffset = active.BaseOffset;
        }
    }

    private void RemoveCleanMarker()
    {
        if (!_cleanMarkerPresent)
        {
            return;
        }

        // Removed (durably) before the first write: a crash after this point must trigger recovery on the next open.
        DeleteIfExists(Path.Combine(Directory, CleanShutdownFileName));
        _device.FlushDirectory(Directory);
        _cleanMarkerPresent = false;
    }
}
