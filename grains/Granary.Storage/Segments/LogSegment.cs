// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol.Records;
using Granary.Storage.IO;

namespace Granary.Storage.Segments;

/// <summary>
/// One segment: a .log file of whole batches plus its offset and time indexes. The writer grows
/// <see cref="Size"/>; readers see only <see cref="PublishedSize"/>, which moves after a write completes, so
/// they never observe a partly written batch.
/// </summary>
internal sealed class LogSegment
{
    private readonly Lock _loadLock = new();
    private OffsetIndex? _index;
    private TimeIndex? _timeIndex;
    private long _publishedSize;

    public LogSegment(string directory, long baseOffset)
    {
        BaseOffset = baseOffset;
        LogPath = SegmentFileNames.Log(directory, baseOffset);
        IndexPath = SegmentFileNames.Index(directory, baseOffset);
        TimeIndexPath = SegmentFileNames.TimeIndex(directory, baseOffset);
    }

    public long BaseOffset { get; }

    public string LogPath { get; }

    public string IndexPath { get; }

    public string TimeIndexPath { get; }

    /// <summary>Bytes written by the writer (the writer's view).</summary>
    public long Size { get; set; }

    /// <summary>Bytes readers may read.</summary>
    public long PublishedSize
    {
        get => Volatile.Read(ref _publishedSize);
        set => Volatile.Write(ref _publishedSize, value);
    }

    /// <summary>The offset after the last batch in this segment (known for loaded segments).</summary>
    public long NextOffset { get; set; }

    public long MaxTimestamp { get; set; } = -1;

    public long OffsetOfMaxTimestamp { get; set; }

    /// <summary>When the segment started, for segment.ms: the first batch's max timestamp or the creation time.</summary>
    public long RollingBasedTimestamp { get; set; } = -1;

    public int BytesSinceLastIndexEntry { get; set; }

    public bool IndexesLoaded => _index is not null;

    public OffsetIndex Index => _index ?? throw new InvalidOperationException("Segment indexes are not loaded.");

    public TimeIndex TimeIndex => _timeIndex ?? throw new InvalidOperationException("Segment indexes are not loaded.");

    public void SetIndexes(OffsetIndex index, TimeIndex timeIndex)
    {
        _index = index;
        _timeIndex = timeIndex;
    }

    /// <summary>
    /// Loads the index files of a sealed segment on first use; a missing or corrupt index is rebuilt from the log
    /// (never fatal). <paramref name="upperOffset"/> bounds the offsets it may contain (the next segment's base).
    /// </summary>
    public void EnsureLoaded(IStorageDevice device, FileHandleCache handles, LogConfig config, long upperOffset)
    {
        if (_index is not null)
        {
            return;
        }

        lock (_loadLock)
        {
            if (_index is not null)
            {
                return;
            }

            using var lease = handles.Acquire(LogPath);
            var size = lease.File.Length;
            var index = OffsetIndex.TryLoad(device, IndexPath, BaseOffset, config.SegmentIndexBytes, Math.Max(size, 1));
            var timeIndex = TimeIndex.TryLoad(device, TimeIndexPath, BaseOffset, upperOffset);
            if (index is null || timeIndex is null || (size > 0 && timeIndex.LastEntry is null))
            {
                Rebuild(lease.File, size, config, verifyCrc: false);
                _index!.Persist(device, IndexPath, flush: false);
                _timeIndex!.Persist(device, TimeIndexPath, flush: false);
            }
            else
            {
                Size = size;
                PublishedSize = size;
                NextOffset = upperOffset;
                var last = timeIndex.LastEntry;
                MaxTimestamp = last?.Timestamp ?? -1;
                OffsetOfMaxTimestamp = last?.Offset ?? BaseOffset;
                _timeIndex = timeIndex;
                _index = index;
            }
        }
    }

    /// <summary>
    /// Rebuilds both indexes by scanning the log from the start; returns where valid data ends and why the scan
    /// stopped. Recovery calls this with CRC checks and truncates the file at the returned position.
    /// </summary>
    public (long ValidEnd, RecordBatchValidation Stop) Rebuild(IStorageFile file, long size, LogConfig config, bool verifyCrc)
    {
        var index = new OffsetIndex(BaseOffset, config.SegmentIndexBytes);
        var timeIndex = new TimeIndex(BaseOffset);
        long maxTimestamp = -1, offsetOfMax = BaseOffset, next = BaseOffset, rolling = -1;
        var sinceLast = 0;
        using var scanner = new SegmentScanner(file, size);
        var result = scanner.Scan(0, verifyCrc, BaseOffset, (header, position) =>
        {
            if (sinceLast > config.IndexIntervalBytes)
            {
                index.Append(header.LastOffset, (int)position);
                timeIndex.MaybeAppend(maxTimestamp, offsetOfMax);
                sinceLast = 0;
            }

            if (rolling < 0)
            {
                rolling = header.MaxTimestamp;
            }

            if (header.MaxTimestamp > maxTimestamp)
            {
                maxTimestamp = header.MaxTimestamp;
                offsetOfMax = header.LastOffset;
            }

            sinceLast += header.TotalSize;
            next = header.NextOffset;
        });

        if (maxTimestamp >= 0)
        {
            timeIndex.MaybeAppend(maxTimestamp, offsetOfMax);
        }

        Size = result.ValidEnd;
        PublishedSize = result.ValidEnd;
        NextOffset = next;
        MaxTimestamp = maxTimestamp;
        OffsetOfMaxTimestamp = offsetOfMax;
        RollingBasedTimestamp = rolling;
        BytesSinceLastIndexEntry = sinceLast;
        _index = index;
        _timeIndex = timeIndex;
        return result;
    }

    /// <summary>Continues from the last index entry to the end of the file (clean open of the active segment).</summary>
    public void LoadTail(IStorageFile file, long size, LogConfig config)
    {
        var (lastOffset, lastPosition) = Index.LastEntry;
        long next = Index.Count == 0 ? BaseOffset : lastOffset + 1;
        var sinceLast = 0;
        long rolling = RollingBasedTimestamp;
        using var scanner = new SegmentScanner(file, size);
        var result = scanner.Scan(lastPosition, verifyCrc: false, BaseOffset, (header, position) =>
        {
            if (rolling < 0)
            {
                rolling = header.MaxTimestamp;
            }

            if (header.MaxTimestamp > MaxTimestamp)
            {
                MaxTimestamp = header.MaxTimestamp;
                OffsetOfMaxTimestamp = header.LastOffset;
            }

            sinceLast += header.TotalSize;
            next = header.NextOffset;
        });

        Size = result.ValidEnd;
        PublishedSize = result.ValidEnd;
        NextOffset = next;
        BytesSinceLastIndexEntry = sinceLast;
        RollingBasedTimestamp = rolling;
    }
}
