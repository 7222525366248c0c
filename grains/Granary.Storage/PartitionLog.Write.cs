// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol;
using Granary.Protocol.Records;
using Granary.Storage.Segments;

namespace Granary.Storage;

public sealed partial class PartitionLog
{
    // Writer-loop state: touched only by the writer loop (the lists are per-group scratch, reused).
    private readonly List<LogAppendResult?> _groupResults = [];
    private readonly List<ReadOnlyMemory<byte>> _groupRun = [];
    private readonly List<(long Offset, int Position, long MaxTimestamp, long OffsetOfMax)> _groupIndexEntries = [];
    private ITimer? _flushTimer;
    private long _nextOffset;
    private long _unflushedMessages;
    private long _lastFlushMs;

    /// <summary>
    /// Appends validated record batches as the leader: assigns offsets by patching each batch's baseOffset in place,
    /// stamps <paramref name="leaderEpoch"/> (and LogAppendTime when the topic uses it). The log owns
    /// <paramref name="records"/> until the task completes. The task completes once the batches are written and
    /// readable; await <see cref="WaitForDurableAsync"/> with <see cref="LogAppendResult.NextOffset"/> for durability.
    /// </summary>
    public Task<LogAppendResult> AppendAsync(Memory<byte> records, int leaderEpoch, CancellationToken cancellationToken = default) =>
        EnqueueAppendAsync(records, leaderEpoch, asFollower: false, cancellationToken);

    /// <summary>Appends batches replicated from the leader, keeping their offsets and epochs (they must follow LogEndOffset).</summary>
    public Task<LogAppendResult> AppendAsFollowerAsync(Memory<byte> records, CancellationToken cancellationToken = default) =>
        EnqueueAppendAsync(records, -1, asFollower: true, cancellationToken);

    /// <summary>
    /// Removes every batch from the one containing <paramref name="offset"/> onwards (followers truncate to the
    /// leader's epoch end offset). Returns the new LogEndOffset.
    /// </summary>
    public Task<long> TruncateToAsync(long offset) => RunOnWriterAsync(() => TruncateTo(offset));

    private Task<LogAppendResult> EnqueueAppendAsync(Memory<byte> records, int leaderEpoch, bool asFollower, CancellationToken cancellationToken)
    {
        ThrowIfOffline();
        var config = Config;
        var span = records.Span;
        var position = 0;
        var batches = 0;
        while (position < span.Length)
        {
            var validation = RecordBatchHeader.TryRead(span[position..], out var header, verifyCrc: false);
            if (validation != RecordBatchValidation.Valid)
            {
                throw new ProtocolException(KafkaErrorCode.CorruptMessage, $"Batch at byte {position} of the append is invalid: {validation}.");
            }

            if (header.TotalSize > config.MaxMessageBytes)
            {
                throw new LogException(KafkaErrorCode.MessageTooLarge, $"A batch of {header.TotalSize} bytes exceeds {LogConfig.MaxMessageBytesKey}={config.MaxMessageBytes}.");
            }

            batches++;
            position += header.TotalSize;
        }

        if (batches == 0)
        {
            throw new ArgumentException("An append needs at least one record batch.", nameof(records));
        }

        var operation = new AppendOperation(records, batches, leaderEpoch, asFollower);
        if (!_queue.TryAdd(operation))
        {
            throw new LogException(KafkaErrorCode.NotLeaderOrFollower, $"The log of {TopicPartition} is closed.");
        }

        return cancellationToken.CanBeCanceled ? operation.Task.WaitAsync(cancellationToken) : operation.Task;
    }

    private Task<T> RunOnWriterAsync<T>(Func<T> action)
    {
        ThrowIfOffline();
        var operation = new WriterOperation(() => action());
        if (!_queue.TryAdd(operation))
        {
            throw new LogException(KafkaErrorCode.NotLeaderOrFollower, $"The log of {TopicPartition} is closed.");
        }

        return ConvertAsync(operation.Completion.Task);

        static async Task<T> ConvertAsync(Task<object?> task) => (T)(await task.ConfigureAwait(false))!;
    }

    private async Task RunWriterAsync()
    {
        var taken = new List<object>();
        var group = new List<AppendOperation>();
        try
        {
            while (true)
            {
                var config = Config;
                if (_unflushedMessages > 0 && config.FlushMs != long.MaxValue && !IsOffline)
                {
                    var remaining = _lastFlushMs + config.FlushMs - _time.GetUtcNow().ToUnixTimeMilliseconds();
                    if (remaining <= 0)
                    {
                        TryFlushActive();
                        continue;
                    }

                    // Wakes the writer if nothing else does before the flush.ms deadline.
                    _flushTimer ??= _time.CreateTimer(static state => ((WriterQueue)state!).Wake(), _queue, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                    _flushTimer.Change(TimeSpan.FromMilliseconds(remaining), Timeout.InfiniteTimeSpan);
                }

                if (!await _queue.WaitAsync().ConfigureAwait(false))
                {
                    break;
                }

                var drained = _queue.Swap(taken);
                foreach (var operation in drained)
                {
                    if (operation is AppendOperation append)
                    {
                        group.Add(append);
                        continue;
                    }

                    ProcessGroup(group);
                    RunAction((WriterOperation)operation);
                }

                ProcessGroup(group);
                drained.Clear();
                taken = drained;
            }
        }
        finally
        {
            _flushTimer?.Dispose();
        }
    }

    private void RunAction(WriterOperation action)
    {
        if (IsOffline)
        {
            action.Completion.TrySetException(new LogException(KafkaErrorCode.KafkaStorageError, $"The log of {TopicPartition} is offline.", _offlineError!));
            return;
        }

        try
        {
            action.Completion.TrySetResult(action.Run());
        }
        catch (IOException ex)
        {
            GoOffline(ex);
            action.Completion.TrySetException(new LogException(KafkaErrorCode.KafkaStorageError, $"I/O error in the log of {TopicPartition}: {ex.Message}", ex));
        }
        catch (Exception ex)
        {
            action.Completion.TrySetException(ex);
        }
    }

    private void TryFlushActive()
    {
        try
        {
            FlushActive();
        }
        catch (IOException ex)
        {
            GoOffline(ex);
        }
    }

    private void FlushActive()
    {
        FlushSegment(ActiveSegment, includeIndexes: false);
        _unflushedMessages = 0;
        _lastFlushMs = _time.GetUtcNow().ToUnixTimeMilliseconds();

        // The active segment's fsync says nothing about the rolled segments below it.
        WaitForRollFlush();
        if (!IsOffline)
        {
            AdvanceDurable(LogEndOffset);
        }
    }

    /// <summary>One group commit: every queued append, one gathered write per segment, then at most one fsync.</summary>
    private void ProcessGroup(List<AppendOperation> group)
    {
        if (group.Count == 0)
        {
            return;
        }

        if (IsOffline)
        {
            FailAll(group, new LogException(KafkaErrorCode.KafkaStorageError, $"The log of {TopicPartition} is offline.", _offlineError!));
            group.Clear();
            return;
        }

        var results = _groupResults;
        results.Clear();
        var segment = ActiveSegment;
        try
        {
            RemoveCleanMarker();
            var config = Config;
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            var run = _groupRun;
            var pendingIndex = _groupIndexEntries;
            run.Clear();
            pendingIndex.Clear();
            long runBytes = 0;
            long records = 0;
            for (var k = 0; k < group.Count; k++)
            {
                var operation = group[k];
                if (operation.AsFollower && RecordBatchHeader.Read(operation.Records.Span).BaseOffset < _nextOffset)
                {
                    operation.TrySetException(new LogException(KafkaErrorCode.InvalidRecord, $"Follower append starts below LogEndOffset {_nextOffset}."));
                    results.Add(null);
                    continue;
                }

                long firstOffset = -1, lastOffset = -1, appendTime = -1;
                var start = 0;
                for (var b = 0; b < operation.BatchCount; b++)
                {
                    var incoming = RecordBatchHeader.Read(operation.Records.Span[start..]);
                    var length = incoming.TotalSize;
                    var batch = operation.Records.Slice(start, length);
                    var span = batch.Span;
                    start += length;
                    var baseOffset = operation.AsFollower ? incoming.BaseOffset : _nextOffset;
                    var written = segment.Size + runBytes;
                    if (written > 0 &&
                        (written + length > config.SegmentBytes ||
                         segment.Index.IsFull ||
                         now - segment.RollingBasedTimestamp > config.SegmentMs ||
                         baseOffset + incoming.LastOffsetDelta - segment.BaseOffset > int.MaxValue))
                    {
                        WriteRun(segment, run, runBytes, pendingIndex);
                        runBytes = 0;
                        segment = Roll(baseOffset, now);
                        written = 0;
                    }

                    if (!operation.AsFollower)
                    {
                        RecordBatchHeader.PatchBaseOffset(span, baseOffset);
                        RecordBatchHeader.PatchPartitionLeaderEpoch(span, operation.LeaderEpoch);
                        if (config.MessageTimestampType == TimestampType.LogAppendTime)
                        {
                            RecordBatchHeader.PatchLogAppendTime(span, now);
                            appendTime = now;
                        }
                    }

                    var header = RecordBatchHeader.Read(span);
                    EpochCache.Assign(header.PartitionLeaderEpoch, baseOffset);
                    if (segment.BytesSinceLastIndexEntry > config.IndexIntervalBytes)
                    {
                        pendingIndex.Add((header.LastOffset, checked((int)written), segment.MaxTimestamp, segment.OffsetOfMaxTimestamp));
                        segment.BytesSinceLastIndexEntry = 0;
                    }

                    segment.BytesSinceLastIndexEntry += length;
                    if (header.MaxTimestamp > segment.MaxTimestamp)
                    {
                        segment.MaxTimestamp = header.MaxTimestamp;
                        segment.OffsetOfMaxTimestamp = header.LastOffset;
                    }

                    run.Add(batch);
                    runBytes += length;
                    records += Math.Max(1, header.RecordCount);
                    _nextOffset = header.NextOffset;
                    firstOffset = firstOffset < 0 ? baseOffset : firstOffset;
                    lastOffset = header.LastOffset;
                }

                results.Add(new LogAppendResult(firstOffset, lastOffset, appendTime, LogStartOffset));
            }

            WriteRun(segment, run, runBytes, pendingIndex);
            for (var k = 0; k < group.Count; k++)
            {
                if (results[k] is { } result)
                {
                    group[k].TrySetResult(result with { LogStartOffset = LogStartOffset });
                }
            }

            _unflushedMessages += records;
            if (_unflushedMessages >= config.FlushMessages || now - _lastFlushMs >= config.FlushMs)
            {
                FlushActive();
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            GoOffline(ex);

            // Cut off whatever part of the failed write reached the file, so the segment ends on a whole batch.
            try
            {
                using var lease = _handles.Acquire(segment.LogPath);
                lease.File.SetLength(segment.PublishedSize);
            }
            catch (IOException)
            {
                // Recovery truncates the torn tail on the next open.
            }

            FailAll(group, new LogException(KafkaErrorCode.KafkaStorageError, $"I/O error appending to {TopicPartition}: {ex.Message}", ex));
        }

        group.Clear();
    }

    private static void FailAll(List<AppendOperation> group, Exception error)
    {
        foreach (var operation in group)
        {
            operation.TrySetException(error);
        }
    }

    private void WriteRun(LogSegment segment, List<ReadOnlyMemory<byte>> run, long runBytes, List<(long Offset, int Position, long MaxTimestamp, long OffsetOfMax)> pendingIndex)
    {
        if (run.Count == 0)
        {
            return;
        }

        using (var lease = _handles.Acquire(segment.LogPath, create: true))
        {
            lease.File.Write(run, segment.Size);
        }

        segment.Size += runBytes;
        foreach (var (offset, position, maxTimestamp, offsetOfMax) in pendingIndex)
        {
            segment.Index.Append(offset, position);
            if (maxTimestamp >= 0)
            {
                segment.TimeIndex.MaybeAppend(maxTimestamp, offsetOfMax);
            }
        }

        segment.NextOffset = _nextOffset;

        // Publish: readers may now see these batches.
        segment.PublishedSize = segment.Size;
        Volatile.Write(ref _logEndOffset, _nextOffset);
        run.Clear();
        pendingIndex.Clear();
    }

    /// <summary>
    /// Seals the active segment, schedules its fsync (log and indexes) off the writer loop and starts a new segment
    /// at <paramref name="baseOffset"/>.
    /// </summary>
    private LogSegment Roll(long baseOffset, long now)
    {
        var old = ActiveSegment;
        old.NextOffset = baseOffset;
        ScheduleRollFlush(old, baseOffset);

        var segment = new LogSegment(Directory, baseOffset) { RollingBasedTimestamp = now, NextOffset = baseOffset };
        segment.SetIndexes(new OffsetIndex(baseOffset, Config.SegmentIndexBytes), new TimeIndex(baseOffset));
        _handles.Invalidate(segment.LogPath);
        using (var lease = _handles.Acquire(segment.LogPath, create: true))
        {
            lease.File.SetLength(0);
        }

        segment.Index.Persist(_device, segment.IndexPath, flush: false);
        segment.TimeIndex.Persist(_device, segment.TimeIndexPath, flush: false);
        Volatile.Write(ref _segments, [.. Volatile.Read(ref _segments), segment]);
        _device.FlushDirectory(Directory);

        // Only what is already durable: the flush just scheduled advances the recovery point when it completes,
        // and the next checkpoint (periodic, roll or close) records it.
        _recoveryPointCheckpoint.Write(Math.Min(RecoveryPoint, baseOffset));
        return segment;
    }

    private long TruncateTo(long offset)
    {
        if (offset >= _nextOffset)
        {
            return _nextOffset;
        }

        WaitForRollFlush();
        RemoveCleanMarker();
        var segments = Volatile.Read(ref _segments);
        if (offset < LogStartOffset || offset <= segments[0].BaseOffset)
        {
            return TruncateFullyAndStartAt(Math.Max(offset, 0));
        }

        var i = FindSegment(segments, offset);
        EnsureLoaded(segments, i);
        var segment = segments[i];
        using (var lease = _handles.Acquire(segment.LogPath))
        {
            var position = segment.Index.Lookup(offset);
            var cut = segment.Size;
            var newEnd = segment.NextOffset;
            using (var scanner = new SegmentScanner(lease.File, segment.Size))
            {
                var found = false;
                scanner.Scan(position, verifyCrc: false, segment.BaseOffset, (header, at) =>
                {
                    if (!found && header.LastOffset >= offset)
                    {
                        found = true;
                        cut = at;
                        newEnd = header.BaseOffset;
                    }
                });
            }

            segment.PublishedSize = Math.Min(segment.PublishedSize, cut);
            Volatile.Write(ref _segments, segments[..(i + 1)]);
            Volatile.Write(ref _logEndOffset, Math.Min(LogEndOffset, newEnd));
            lease.File.SetLength(cut);
            lease.File.Flush();
            segment.Rebuild(lease.File, cut, Config, verifyCrc: false);
            segment.NextOffset = cut == 0 ? segment.BaseOffset : newEnd;
            segment.Index.Persist(_device, segment.IndexPath, flush: true);
            segment.TimeIndex.Persist(_device, segment.TimeIndexPath, flush: true);
            _nextOffset = segment.NextOffset;
        }

        foreach (var later in segments.Skip(i + 1))
        {
            DeleteSegmentFiles(later);
        }

        AfterTruncation();
        return _nextOffset;
    }

    private long TruncateFullyAndStartAt(long offset)
    {
        WaitForRollFlush();
        var segments = Volatile.Read(ref _segments);
        var segment = new LogSegment(Directory, offset) { RollingBasedTimestamp = _time.GetUtcNow().ToUnixTimeMilliseconds(), NextOffset = offset };
        segment.SetIndexes(new OffsetIndex(offset, Config.SegmentIndexBytes), new TimeIndex(offset));
        foreach (var old in segments)
        {
            DeleteSegmentFiles(old);
        }

        using (var lease = _handles.Acquire(segment.LogPath, create: true))
        {
            lease.File.SetLength(0);
        }

        Volatile.Write(ref _segments, [segment]);
        _nextOffset = offset;
        Volatile.Write(ref _logEndOffset, offset);
        Volatile.Write(ref _logStartOffset, offset);
        _logStartCheckpoint.Write(offset);
        EpochCache.Clear();
        AfterTruncation();
        return offset;
    }

    private void AfterTruncation()
    {
        Volatile.Write(ref _logEndOffset, _nextOffset);
        Volatile.Write(ref _highWatermark, Math.Min(HighWatermark, _nextOffset));
        lock (_durableLock)
        {
            Volatile.Write(ref _durableOffset, Math.Min(DurableOffset, _nextOffset));
        }

        EpochCache.TruncateFromEnd(_nextOffset);
        _device.FlushDirectory(Directory);
        _recoveryPointCheckpoint.Write(_nextOffset);
    }
}
