// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Grains.Producers;
using Granary.Protocol;
using Granary.Protocol.Records;
using Granary.Runtime;
using Granary.Storage;
using Microsoft.Extensions.Logging;

namespace Granary.Grains.Partitions;

/// <summary>
/// The grain of one partition. It gets its <see cref="PartitionLog"/> from the <see cref="LogManager"/> on activation,
/// validates produced batches, checks idempotent sequences, and predicts each batch's offsets (it is the log's only
/// writer, so the prediction is exact) before it enqueues the append; the write, the fsync and the acknowledgement
/// then complete outside the turn, so many appends queue up and share one group commit.
/// </summary>
/// <remarks>
/// On a single silo with no followers the HighWatermark advances to the LogEndOffset as soon as the append is durable
/// per the topic's flush policy: after the fsync when flush.messages is 1, at once otherwise.
/// </remarks>
[GrainType("partition")]
public sealed partial class PartitionGrain : Grain, IPartitionGrain
{
    private readonly LogManager _logManager;
    private readonly IPartitionDirectory _directory;
    private readonly PartitionAppendSignal _signal;
    private readonly TimeProvider _time;
    private readonly PartitionGrainOptions _options;
    private readonly ILogger<PartitionGrain> _logger;
    private readonly ProducerStateManager _producers = new();
    private readonly Lock _highWatermarkLock = new();
    private TopicPartition _topicPartition;
    private PartitionPlacement? _placement;
    private PartitionLog? _log;
    private KafkaErrorCode _activationError;
    private long _nextOffset;
    private long _highWatermark;
    private volatile bool _faulted;

    public PartitionGrain(LogManager logManager, IPartitionDirectory directory, PartitionAppendSignal signal, TimeProvider time, PartitionGrainOptions options, ILogger<PartitionGrain> logger)
    {
        _logManager = logManager;
        _directory = directory;
        _signal = signal;
        _time = time;
        _options = options;
        _logger = logger;
    }

    /// <summary>The producer state (for tests and diagnostics; read it from within a call only).</summary>
    internal ProducerStateManager Producers => _producers;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!PartitionKey.TryParse(GrainId.Key, out _topicPartition))
        {
            _activationError = KafkaErrorCode.UnknownTopicOrPartition;
            return;
        }

        _placement = await _directory.FindAsync(_topicPartition.Topic, _topicPartition.Partition, cancellationToken).ConfigureAwait(false);
        if (_placement is null)
        {
            _activationError = KafkaErrorCode.UnknownTopicOrPartition;
            return;
        }

        try
        {
            _log = await _logManager.GetOrCreateAsync(_topicPartition, _placement.TopicId, _placement.Config).ConfigureAwait(false);
            if (_log.Config != _placement.Config)
            {
                _log.UpdateConfig(_placement.Config);
            }

            _nextOffset = _log.LogEndOffset;
            LoadProducerState(_log);
            AdvanceHighWatermark(_log.LogEndOffset);
        }
        catch (LogException ex)
        {
            _activationError = ex.ErrorCode;
            LogActivationFailed(_topicPartition.ToString(), ex);
            return;
        }

        RegisterGrainTimer(static (grain, _) => grain.SnapshotTickAsync(), this, _options.ProducerSnapshotInterval, _options.ProducerSnapshotInterval);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_log is not { } log)
        {
            return;
        }

        if (!log.IsOffline && !_faulted)
        {
            TryWriteSnapshot(log);
        }

        // An idle partition keeps nothing open: the log flushes, marks itself clean and releases its handles, so the
        // next activation reopens it in O(1). A log that went offline is closed too, so a later activation retries it.
        try
        {
            await _logManager.CloseAsync(_topicPartition).ConfigureAwait(false);
        }
        catch (LogException ex)
        {
            LogCloseFailed(_topicPartition.ToString(), ex);
        }
        catch (IOException ex)
        {
            LogCloseFailed(_topicPartition.ToString(), ex);
        }
    }

    public Task<PartitionAppend> BeginAppendAsync(Memory<byte> records, short requiredAcks) =>
        Task.FromResult(BeginAppendCore(records, requiredAcks));

    public Task<PartitionReadResult> ReadAsync(PartitionReadRequest request)
    {
        if (Unavailable() is { } error)
        {
            return Task.FromResult(PartitionReadResult.Failed(error));
        }

        var log = _log!;
        var offsets = CurrentOffsets(log);
        var upperBound = request.Isolation == IsolationLevel.ReadCommitted ? offsets.LastStableOffset : offsets.HighWatermark;
        try
        {
            var data = log.Read(request.FetchOffset, Math.Max(1, request.MaxBytes), upperBound);
            if (data.IsEmpty)
            {
                data.Dispose();
                data = null;
            }

            return Task.FromResult(new PartitionReadResult(KafkaErrorCode.None, offsets, data));
        }
        catch (LogException ex)
        {
            return Task.FromResult(new PartitionReadResult(ex.ErrorCode, offsets, null, ex.Message));
        }
    }

    public Task<PartitionListOffsetResult> ListOffsetAsync(long timestamp, IsolationLevel isolation)
    {
        if (Unavailable() is { } error)
        {
            return Task.FromResult(PartitionListOffsetResult.Failed(error));
        }

        var log = _log!;
        var epoch = _placement!.LeaderEpoch;
        var offsets = CurrentOffsets(log);
        var upper = isolation == IsolationLevel.ReadCommitted ? offsets.LastStableOffset : offsets.HighWatermark;
        try
        {
            var result = timestamp switch
            {
                PartitionListOffsetResult.EarliestTimestamp or PartitionListOffsetResult.EarliestLocalTimestamp => new PartitionListOffsetResult(KafkaErrorCode.None, offsets.LogStartOffset, -1, epoch),
                PartitionListOffsetResult.LatestTimestamp => new PartitionListOffsetResult(KafkaErrorCode.None, upper, -1, epoch),
                PartitionListOffsetResult.MaxTimestamp => FindMaxTimestamp(log, offsets.LogStartOffset, upper, epoch),
                < 0 => PartitionListOffsetResult.Failed(KafkaErrorCode.InvalidRequest),
                _ => FindByTimestamp(log, timestamp, upper, epoch),
            };
            return Task.FromResult(result);
        }
        catch (LogException ex)
        {
            return Task.FromResult(PartitionListOffsetResult.Failed(ex.ErrorCode));
        }
    }

    public async Task<PartitionDeleteRecordsResult> DeleteRecordsAsync(long offset)
    {
        if (Unavailable() is { } error)
        {
            return new PartitionDeleteRecordsResult(error, -1);
        }

        var log = _log!;
        try
        {
            var target = offset == -1 ? log.HighWatermark : offset;
            var lowWatermark = await log.DeleteRecordsAsync(target).ConfigureAwait(false);
            return new PartitionDeleteRecordsResult(KafkaErrorCode.None, lowWatermark);
        }
        catch (LogException ex)
        {
            return new PartitionDeleteRecordsResult(ex.ErrorCode, -1, ex.Message);
        }
    }

    public Task<PartitionOffsets> GetOffsetsAsync() =>
        Task.FromResult(_log is null ? new PartitionOffsets(-1, -1, -1, -1) : CurrentOffsets(_log));

    public Task<bool> ExistsAsync() => Task.FromResult(_activationError != KafkaErrorCode.UnknownTopicOrPartition);

    public async Task RefreshConfigAsync()
    {
        if (_log is null)
        {
            return;
        }

        var placement = await _directory.FindAsync(_topicPartition.Topic, _topicPartition.Partition).ConfigureAwait(false);
        if (placement is null)
        {
            _activationError = KafkaErrorCode.UnknownTopicOrPartition;
            DeactivateOnIdle();
            return;
        }

        _placement = placement;
        if (_log.Config != placement.Config)
        {
            _log.UpdateConfig(placement.Config);
        }
    }

    private PartitionAppend BeginAppendCore(Memory<byte> records, short requiredAcks)
    {
        if (requiredAcks is not (0 or 1 or -1))
        {
            return PartitionAppend.Immediate(PartitionAppendResult.Failed(KafkaErrorCode.InvalidRequiredAcks, $"acks must be 0, 1 or -1 (all); got {requiredAcks}."));
        }

        if (Unavailable() is { } error)
        {
            return PartitionAppend.Immediate(PartitionAppendResult.Failed(error));
        }

        if (_faulted)
        {
            // An earlier append failed after its producer state was recorded; reload everything from the log.
            DeactivateOnIdle();
            return PartitionAppend.Immediate(PartitionAppendResult.Failed(KafkaErrorCode.KafkaStorageError, "The partition is reloading after a failed append."));
        }

        var log = _log!;
        var placement = _placement!;
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var validation = BatchValidator.Validate(records.Span, log.Config, placement.TimestampDifferenceMaxMs, now, out var header, out var message);
        if (validation != KafkaErrorCode.None)
        {
            return PartitionAppend.Immediate(PartitionAppendResult.Failed(validation, message));
        }

        var check = _producers.Check(header.ProducerId, header.ProducerEpoch, header.BaseSequence, header.LastSequence);
        if (check.Duplicate is { } duplicate)
        {
            return PartitionAppend.Immediate(new PartitionAppendResult(KafkaErrorCode.None, duplicate.FirstOffset, -1, log.LogStartOffset));
        }

        if (check.ErrorCode != KafkaErrorCode.None)
        {
            return PartitionAppend.Immediate(PartitionAppendResult.Failed(check.ErrorCode, check.Message));
        }

        Task<LogAppendResult> appended;
        try
        {
            appended = log.AppendAsync(records, placement.LeaderEpoch);
        }
        catch (LogException ex)
        {
            return PartitionAppend.Immediate(PartitionAppendResult.Failed(ex.ErrorCode, ex.Message));
        }
        catch (ProtocolException ex)
        {
            return PartitionAppend.Immediate(PartitionAppendResult.Failed(ex.ErrorCode, ex.Message));
        }

        var baseOffset = _nextOffset;
        _nextOffset = baseOffset + header.LastOffsetDelta + 1;
        _producers.Record(header.ProducerId, header.ProducerEpoch, header.BaseSequence, header.LastSequence, baseOffset, _nextOffset - 1);
        return new PartitionAppend(appended, CompleteAppendAsync(log, appended, baseOffset, requiredAcks));
    }

    private async Task<PartitionAppendResult> CompleteAppendAsync(PartitionLog log, Task<LogAppendResult> appended, long expectedBaseOffset, short requiredAcks)
    {
        LogAppendResult result;
        try
        {
            result = await appended.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is LogException or ProtocolException)
        {
            _faulted = true;
            var code = ex is LogException log1 ? log1.ErrorCode : ((ProtocolException)ex).ErrorCode;
            return PartitionAppendResult.Failed(code, ex.Message);
        }

        if (result.FirstOffset != expectedBaseOffset)
        {
            // Cannot happen while this grain is the only writer; if it does, the producer state is wrong: reload it.
            _faulted = true;
        }

        var next = result.NextOffset;
        if (log.Config.FlushMessages <= 1)
        {
            var durable = log.WaitForDurableAsync(next);
            if (requiredAcks == -1)
            {
                try
                {
                    await durable.ConfigureAwait(false);
                }
                catch (LogException ex)
                {
                    return PartitionAppendResult.Failed(ex.ErrorCode, ex.Message);
                }

                AdvanceHighWatermark(next);
            }
            else
            {
                _ = AdvanceWhenDurableAsync(durable, next);
            }
        }
        else
        {
            AdvanceHighWatermark(next);
        }

        return new PartitionAppendResult(KafkaErrorCode.None, result.FirstOffset, result.LogAppendTime, result.LogStartOffset);
    }

    private async Task AdvanceWhenDurableAsync(Task durable, long offset)
    {
        try
        {
            await durable.ConfigureAwait(false);
            AdvanceHighWatermark(offset);
        }
        catch (LogException)
        {
            // The log went offline or closed; the HighWatermark stays where it is.
        }
    }

    private void AdvanceHighWatermark(long offset)
    {
        var log = _log!;
        lock (_highWatermarkLock)
        {
            if (offset <= _highWatermark && offset <= log.HighWatermark)
            {
                return;
            }

            _highWatermark = Math.Max(_highWatermark, offset);
            log.SetHighWatermark(_highWatermark);
        }

        _signal.Advanced(_topicPartition);
    }

    private KafkaErrorCode? Unavailable()
    {
        if (_activationError != KafkaErrorCode.None)
        {
            return _activationError;
        }

        return _log is null || _log.IsOffline ? KafkaErrorCode.KafkaStorageError : null;
    }

    private static PartitionOffsets CurrentOffsets(PartitionLog log)
    {
        var highWatermark = log.HighWatermark;
        return new PartitionOffsets(log.LogStartOffset, highWatermark, highWatermark, log.LogEndOffset);
    }

    private static PartitionListOffsetResult FindByTimestamp(PartitionLog log, long timestamp, long upper, int epoch)
    {
        var found = log.LookupOffsetByTimestamp(timestamp);
        return found is { } hit && hit.Offset < upper
            ? new PartitionListOffsetResult(KafkaErrorCode.None, hit.Offset, hit.Timestamp, epoch)
            : new PartitionListOffsetResult(KafkaErrorCode.None, -1, -1, epoch);
    }

    private static PartitionListOffsetResult FindMaxTimestamp(PartitionLog log, long from, long upper, int epoch)
    {
        long maxTimestamp = -1, offsetOfMax = -1;
        ForEachBatch(log, from, upper, header =>
        {
            if (header.MaxTimestamp > maxTimestamp)
            {
                maxTimestamp = header.MaxTimestamp;

                // Kafka answers with the batch's last offset when it cannot see inside (compressed) batches.
                offsetOfMax = header.LastOffset;
            }
        });
        return new PartitionListOffsetResult(KafkaErrorCode.None, offsetOfMax, maxTimestamp, epoch);
    }

    private void LoadProducerState(PartitionLog log)
    {
        var snapshotOffset = _producers.LoadSnapshot(log.Directory);
        if (snapshotOffset < 0 || snapshotOffset > log.LogEndOffset)
        {
            // No snapshot, or one the log no longer matches (e.g. a crash lost the tail it described): replay everything.
            _producers.Clear();
            snapshotOffset = log.LogStartOffset;
        }

        var state = _producers;
        ForEachBatch(log, snapshotOffset, log.LogEndOffset, header => state.Replay(header));

        // A loaded snapshot is stale as soon as the log moves on; the next one is written from the live state.
        ProducerStateManager.DeleteSnapshot(log.Directory);
    }

    private static void ForEachBatch(PartitionLog log, long from, long upper, Action<RecordBatchHeader> action)
    {
        var offset = Math.Max(from, log.LogStartOffset);
        while (offset < upper)
        {
            using var read = log.Read(offset, 1024 * 1024, upper);
            if (read.IsEmpty)
            {
                return;
            }

            var bytes = read.ToArray();
            var span = bytes.AsSpan();
            while (span.Length >= RecordBatchHeader.Size)
            {
                var header = RecordBatchHeader.Read(span);
                if (header.TotalSize > span.Length)
                {
                    break;
                }

                if (header.LastOffset >= offset)
                {
                    action(header);
                }

                offset = Math.Max(offset, header.NextOffset);
                span = span[header.TotalSize..];
            }
        }
    }

    private Task SnapshotTickAsync()
    {
        if (_log is { IsOffline: false } log && !_faulted)
        {
            TryWriteSnapshot(log);
        }

        return Task.CompletedTask;
    }

    private void TryWriteSnapshot(PartitionLog log)
    {
        try
        {
            _producers.WriteSnapshot(log.Directory, _nextOffset);
        }
        catch (IOException ex)
        {
            LogSnapshotFailed(_topicPartition.ToString(), ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            LogSnapshotFailed(_topicPartition.ToString(), ex);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Partition {Partition} could not be activated")]
    private partial void LogActivationFailed(string partition, Exception error);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Partition {Partition}: the producer-state snapshot could not be written")]
    private partial void LogSnapshotFailed(string partition, Exception error);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Partition {Partition}: the log could not be closed on deactivation")]
    private partial void LogCloseFailed(string partition, Exception error);
}
