// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Threading.Channels;
using Granary.Protocol;
using Granary.Protocol.Messages;
using Granary.Protocol.Records;

namespace Granary.Client.Producing;

/// <summary>
/// Drains one partition's queue: gathers a batch (until batch.size, batch.num.messages or linger.ms) and sends it to
/// the leader with up to max.in.flight batches outstanding. Acknowledgements are handled in send order. When the
/// oldest outstanding batch fails, the later ones are first allowed to settle and then every unresolved batch is
/// resent one at a time in sequence order, so order holds across retries and a batch keeps its sequence numbers
/// unless the broker has said for certain that it did not append it (OUT_OF_ORDER_SEQUENCE_NUMBER or
/// UNKNOWN_PRODUCER_ID on the oldest unresolved batch): then the producer's epoch is bumped (KIP-360) and the batch
/// is restamped from sequence 0.
/// </summary>
internal sealed class PartitionSender : IAsyncDisposable
{
    private const short ProduceClientMax = 9;
    private const short ProduceClientMin = 3;

    private static readonly ProduceResponse NoAcknowledgement = new();

    private readonly ProducerCore _core;
    private readonly ProducerSettings _settings;
    private readonly TopicPartition _tp;
    private readonly Channel<IPendingRecord> _queue = Channel.CreateUnbounded<IPendingRecord>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Queue<InFlightBatch> _inFlight = new();
    private readonly Task _loop;
    // Record lists of resolved batches, reused: a full batch's list (10,000 references) is a large object.
    private readonly Stack<List<IPendingRecord>> _spareLists = new();
    private List<IPendingRecord> _gathering = [];
    private int _gatheredBytes;
    private IPendingRecord? _carried;
    private ProducerIdentity _identity = ProducerIdentity.None;
    private int _nextSequence;
    private bool _refreshLeader;
    private int _inFlightCount;
    // The loop's one wake-up signal, shared by new records, Flush, the oldest response, linger.ms and closing: a wait
    // costs one TaskCompletionSource instead of a linked token source, a channel wait, a delay and a WhenAny.
    private readonly Action _signal;
    private readonly CancellationTokenRegistration _closingRegistration;
    private TaskCompletionSource? _waiter;
    private int _signalled;
    private Task? _watchedResponse;
    private ITimer? _lingerTimer;
    private Error? _stopped;

    public PartitionSender(ProducerCore core, TopicPartition tp)
    {
        _core = core;
        _settings = core.Settings;
        _tp = tp;
        _signal = Signal;
        _closingRegistration = core.Closing.UnsafeRegister(static state => ((PartitionSender)state!).Signal(), this);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Batches sent and not yet resolved (for tests and diagnostics).</summary>
    public int InFlightCount => Volatile.Read(ref _inFlightCount);

    public void Enqueue(IPendingRecord record)
    {
        if (!_queue.Writer.TryWrite(record))
        {
            record.Complete(Failure(Volatile.Read(ref _stopped) ?? new Error(ErrorCode.Local_Destroy, "Producer is closed."), PersistenceStatus.NotPersisted));
            return;
        }

        // The write is a full fence (an interlocked enqueue) and so is the loop's publishing of its waiter: either
        // the loop sees this record before it sleeps or this sees the waiter. A busy loop costs a record one read.
        if (Volatile.Read(ref _waiter) is not null)
        {
            Signal();
        }
    }

    public void Wake() => Signal();

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        Signal();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Closing: the loop stops wherever it was.
        }

        await _closingRegistration.DisposeAsync().ConfigureAwait(false);
        var closed = Failure(new Error(ErrorCode.Local_Destroy, "Producer is closed."), PersistenceStatus.NotPersisted);
        while (_queue.Reader.TryRead(out var record))
        {
            record.Complete(closed);
        }
    }

    private RecordOutcome Failure(Error error, PersistenceStatus status) => new(_tp.Partition, Offset.Unset, -1, error, status);

    private async Task RunAsync()
    {
        var token = _core.Closing;
        try
        {
            while (true)
            {
                // Signals from here on wake the next wait; earlier ones were for what the checks below see anyway.
                Volatile.Write(ref _signalled, 0);
                while (_inFlight.Count > 0 && _inFlight.Peek().Response!.IsCompleted)
                {
                    await HandleOldestAsync(token).ConfigureAwait(false);
                }

                if (_inFlight.Count >= _settings.MaxInFlight)
                {
                    await SettledAsync(_inFlight.Peek().Response!).ConfigureAwait(false);
                    continue;
                }

                if (Gather(out var linger))
                {
                    await SendNewBatchAsync(token).ConfigureAwait(false);
                    continue;
                }

                var drained = _queue.Reader.Completion.IsCompleted;
                if (drained && _gathering.Count == 0 && _inFlight.Count == 0)
                {
                    return;
                }

                await WaitForWorkAsync(linger, drained, token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Closing.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A bug must not leave records without an outcome (Flush would wait for them forever): this partition
            // stops taking records and fails what it holds and what is still queued.
            Volatile.Write(ref _stopped, new Error(ErrorCode.Local_Fail, $"The sender of {_tp} stopped: {ex.Message}"));
            _queue.Writer.TryComplete();
        }
        finally
        {
            _lingerTimer?.Dispose();
            var error = Volatile.Read(ref _stopped) ?? new Error(ErrorCode.Local_Destroy, "Producer is closed.");
            var notSent = Failure(error, PersistenceStatus.NotPersisted);
            foreach (var batch in _inFlight)
            {
                CompleteAll(batch, Failure(error, batch.Sent ? PersistenceStatus.PossiblyPersisted : PersistenceStatus.NotPersisted));
            }

            _inFlight.Clear();
            Volatile.Write(ref _inFlightCount, 0);
            foreach (var record in _gathering)
            {
                record.Complete(notSent);
            }

            _carried?.Complete(notSent);
            if (_stopped is not null)
            {
                while (_queue.Reader.TryRead(out var record))
                {
                    record.Complete(notSent);
                }
            }
        }
    }

    /// <summary>Moves queued records into the batch being gathered; true when that batch should go now.</summary>
    private bool Gather(out TimeSpan linger)
    {
        linger = Timeout.InfiniteTimeSpan;
        if (_carried is not null && _gathering.Count == 0)
        {
            _gathering.Add(_carried);
            _gatheredBytes = _carried.Size;
            _carried = null;
        }

        while (_carried is null && _gathering.Count < _settings.BatchNumMessages && _queue.Reader.TryRead(out var next))
        {
            if (_gathering.Count > 0 && _gatheredBytes + next.Size > _settings.BatchSize)
            {
                _carried = next;
                break;
            }

            _gathering.Add(next);
            _gatheredBytes += next.Size;
        }

        if (_gathering.Count == 0)
        {
            return false;
        }

        if (_carried is not null || _gathering.Count >= _settings.BatchNumMessages || _core.Flushing || _queue.Reader.Completion.IsCompleted)
        {
            return true;
        }

        linger = _settings.Linger - _core.Time.GetElapsedTime(_gathering[0].EnqueuedAt);
        return linger <= TimeSpan.Zero;
    }

    /// <summary>Wakes the loop if it waits, or makes its next wait return at once.</summary>
    private void Signal()
    {
        Interlocked.Exchange(ref _signalled, 1);
        Interlocked.Exchange(ref _waiter, null)?.TrySetResult();
    }

    /// <summary>Waits for a new record (unless drained), a signal, the oldest response or the end of linger.ms.</summary>
    private async Task WaitForWorkAsync(TimeSpan linger, bool drained, CancellationToken token)
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref _waiter, waiter);
        var oldest = _inFlight.Count > 0 ? _inFlight.Peek().Response! : null;
        if (Volatile.Read(ref _signalled) != 0 || (!drained && _queue.Reader.TryPeek(out _)) || oldest is { IsCompleted: true } || token.IsCancellationRequested)
        {
            Interlocked.CompareExchange(ref _waiter, null, waiter);
            token.ThrowIfCancellationRequested();
            return;
        }

        if (oldest is not null && !ReferenceEquals(oldest, _watchedResponse))
        {
            // Once per batch: the continuation is the cached delegate itself, so watching allocates nothing.
            _watchedResponse = oldest;
            oldest.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_signal);
        }

        if (linger != Timeout.InfiniteTimeSpan)
        {
            _lingerTimer ??= _core.Time.CreateTimer(static state => ((PartitionSender)state!).Signal(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _lingerTimer.Change(linger, Timeout.InfiniteTimeSpan);
        }

        await waiter.Task.ConfigureAwait(false);
        token.ThrowIfCancellationRequested();
    }

    private async Task SendNewBatchAsync(CancellationToken token)
    {
        var batch = new InFlightBatch(_gathering);
        _gathering = _spareLists.TryPop(out var spare) ? spare : [];
        _gatheredBytes = 0;
        _core.OnBatchTaken(_tp);
        if (_core.FatalError is { } fatal)
        {
            CompleteAll(batch, Failure(fatal, PersistenceStatus.NotPersisted));
            return;
        }

        if (_settings.Idempotent)
        {
            var identity = await AcquireIdentityAsync(batch, token).ConfigureAwait(false);
            if (identity is null)
            {
                return;
            }

            if (identity != _identity)
            {
                // Sequences restart at 0 under a new identity: what is still out under the old one settles first.
                while (_inFlight.Count > 0)
                {
                    await HandleOldestAsync(token).ConfigureAwait(false);
                }

                _identity = identity;
                _nextSequence = 0;
            }
        }

        Stamp(batch);
        await SendAsync(batch, token).ConfigureAwait(false);
        _inFlight.Enqueue(batch);
        Interlocked.Increment(ref _inFlightCount);
    }

    /// <summary>The producer identity, retried with backoff inside message.timeout.ms; null when the batch was failed instead.</summary>
    private async Task<ProducerIdentity?> AcquireIdentityAsync(InFlightBatch batch, CancellationToken token)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await _core.GetIdentityAsync(token).ConfigureAwait(false);
            }
            catch (KafkaException ex) when (!ex.Error.IsFatal && _core.Time.GetElapsedTime(batch.FirstEnqueuedAt) < _settings.MessageTimeout)
            {
                await Task.Delay(_settings.Backoff(attempt), _core.Time, token).ConfigureAwait(false);
            }
            catch (KafkaException ex)
            {
                CompleteAll(batch, Failure(ex.Error.IsFatal ? ex.Error : TimedOut(ex.Error), PersistenceStatus.NotPersisted));
                return null;
            }
        }
    }

    /// <summary>Gives the batch the sender's identity and the next sequence numbers, and encodes it.</summary>
    private void Stamp(InFlightBatch batch)
    {
        // Sized for the whole batch up front: the records are encoded once, where the request will send them from.
        var builder = new RecordBatchBuilder(_settings.Compression, EncodedSizeBound(batch.Records));
        ReadOnlyMemory<byte> bytes;
        try
        {
            if (_settings.Idempotent)
            {
                batch.Identity = _identity;
                batch.BaseSequence = _nextSequence;
                builder.ProducerId = _identity.Id;
                builder.ProducerEpoch = _identity.Epoch;
                builder.BaseSequence = _nextSequence;

                // Kafka's sequence numbers wrap from int.MaxValue to 0.
                _nextSequence = (int)((_nextSequence + (long)batch.Records.Count) % ((long)int.MaxValue + 1));
            }

            foreach (var record in batch.Records)
            {
                builder.Append(record.CreateTime, record.KeyBytes, record.ValueBytes, record.RecordHeaders);
            }

            bytes = builder.Finish();
        }
        catch
        {
            builder.Dispose();
            throw;
        }

        batch.SetEncoded(builder, bytes);
    }

    /// <summary>
    /// What the records of a batch take encoded, or a little more: <see cref="IPendingRecord.Size"/> counts keys,
    /// values and headers plus a fixed overhead, and a record's varints (length, timestamp and offset deltas, key,
    /// value and header lengths) take at most 36 bytes beyond its key and value bytes, plus 10 per header.
    /// </summary>
    private static int EncodedSizeBound(List<IPendingRecord> records)
    {
        long size = 0;
        foreach (var record in records)
        {
            size += record.Size + 36 + (10 * record.RecordHeaders.Length);
        }

        return (int)Math.Min(size, Array.MaxLength - RecordBatchHeader.Size);
    }

    /// <summary>Writes the batch to the leader; the response (or the failure to send) lands in <see cref="InFlightBatch.Response"/>.</summary>
    private async Task SendAsync(InFlightBatch batch, CancellationToken token)
    {
        try
        {
            var leader = await _core.GetLeaderAsync(_tp, _refreshLeader, token).ConfigureAwait(false);
            _refreshLeader = false;
            var connection = await _core.Cluster.GetConnectionAsync(leader, token).ConfigureAwait(false);
            var version = connection.Versions.Pick(ApiKey.Produce, ProduceClientMax, ProduceClientMin);
            var request = new ProduceRequest
            {
                Acks = _settings.Acks,
                TimeoutMs = (int)_settings.RequestTimeout.TotalMilliseconds,
                TopicData = [new ProduceRequest.TopicProduceData { Name = _tp.Topic, PartitionData = [new ProduceRequest.PartitionProduceData { Index = _tp.Partition, Records = batch.Bytes }] }],
            };
            if (_settings.Acks == 0)
            {
                await connection.SendWithoutResponseAsync(request, version, token).ConfigureAwait(false);
                batch.Sent = true;
                batch.Response = Task.FromResult(NoAcknowledgement);
                return;
            }

            batch.Response = await connection.BeginSendAsync<ProduceResponse>(request, version, _settings.RequestTimeout, token).ConfigureAwait(false);
            batch.Sent = true;
        }
        catch (KafkaException ex)
        {
            batch.Response = Task.FromException<ProduceResponse>(ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            // Anything else fails this batch (not retried: it is a bug, not a transient state) rather than escaping
            // the loop with the batch neither in flight nor resolved.
            batch.Response = Task.FromException<ProduceResponse>(new KafkaException(new Error(ErrorCode.Local_Fail, $"Sending to {_tp} failed: {ex.Message}"), ex));
        }
    }

    /// <summary>Resolves the oldest outstanding batch; on failure, settles the rest and resolves them all in order.</summary>
    private async Task HandleOldestAsync(CancellationToken token)
    {
        var oldest = _inFlight.Peek();
        var verdict = await EvaluateAsync(oldest).ConfigureAwait(false);
        if (verdict.Kind == VerdictKind.Success)
        {
            _inFlight.Dequeue();
            Interlocked.Decrement(ref _inFlightCount);
            CompleteSuccess(oldest, verdict.Partition);
            return;
        }

        var batches = _inFlight.ToList();
        foreach (var later in batches.Skip(1))
        {
            await SettledAsync(later.Response!).ConfigureAwait(false);
        }

        // The batches stay in _inFlight until every one is resolved: if resolving stops half way (closing, or an
        // unexpected exception), the loop's cleanup still completes the unresolved ones instead of losing them.
        await ResolveInOrderAsync(batches, verdict, token).ConfigureAwait(false);
        _inFlight.Clear();
        Volatile.Write(ref _inFlightCount, 0);
    }

    /// <summary>
    /// Resolves <paramref name="batches"/> one at a time: a batch is resent (same bytes) until it succeeds, fails
    /// for good or runs out of message.timeout.ms; it is restamped only when the broker said it was not appended.
    /// </summary>
    private async Task ResolveInOrderAsync(List<InFlightBatch> batches, Verdict first, CancellationToken token)
    {
        for (var i = 0; i < batches.Count; i++)
        {
            var batch = batches[i];
            var verdict = i == 0 ? first : await EvaluateAsync(batch).ConfigureAwait(false);
            if (i > 0 && verdict.Kind == VerdictKind.Restamp)
            {
                // Behind a failed batch an out-of-order answer is expected: only the oldest unresolved batch's counts.
                verdict = verdict with { Kind = VerdictKind.Retry, Immediate = true };
            }

            for (var attempt = 0; ; attempt++)
            {
                if (verdict.Kind == VerdictKind.Success)
                {
                    CompleteSuccess(batch, verdict.Partition);
                    break;
                }

                if (verdict.Kind == VerdictKind.Fail)
                {
                    CompleteAll(batch, Failure(verdict.Error, batch.Sent ? PersistenceStatus.PossiblyPersisted : PersistenceStatus.NotPersisted));
                    break;
                }

                if (verdict.Kind == VerdictKind.Fatal)
                {
                    _core.RaiseFatal(verdict.Error);
                    for (var j = i; j < batches.Count; j++)
                    {
                        CompleteAll(batches[j], Failure(verdict.Error, batches[j].Sent ? PersistenceStatus.PossiblyPersisted : PersistenceStatus.NotPersisted));
                    }

                    return;
                }

                if (_core.Time.GetElapsedTime(batch.FirstEnqueuedAt) >= _settings.MessageTimeout || attempt > _settings.MaxRetries)
                {
                    var error = attempt > _settings.MaxRetries ? verdict.Error : TimedOut(verdict.Error);
                    CompleteAll(batch, Failure(error, batch.Sent ? PersistenceStatus.PossiblyPersisted : PersistenceStatus.NotPersisted));
                    break;
                }

                if (_settings.Idempotent && (verdict.Kind == VerdictKind.Restamp || batch.Identity != _identity))
                {
                    try
                    {
                        var identity = await _core.RenewIdentityAsync(batch.Identity, token).ConfigureAwait(false);
                        if (identity != _identity)
                        {
                            _identity = identity;
                            _nextSequence = 0;
                        }

                        Stamp(batch);
                    }
                    catch (KafkaException ex)
                    {
                        verdict = new Verdict(ex.Error.IsFatal ? VerdictKind.Fatal : VerdictKind.Retry, ex.Error, null, false);
                        if (!ex.Error.IsFatal)
                        {
                            await Task.Delay(_settings.Backoff(attempt), _core.Time, token).ConfigureAwait(false);
                        }

                        continue;
                    }
                }
                else if (!verdict.Immediate)
                {
                    await Task.Delay(_settings.Backoff(attempt), _core.Time, token).ConfigureAwait(false);
                }

                _core.OnResend();
                await SendAsync(batch, token).ConfigureAwait(false);
                verdict = await EvaluateAsync(batch).ConfigureAwait(false);
            }
        }
    }

    private async Task<Verdict> EvaluateAsync(InFlightBatch batch)
    {
        ProduceResponse response;
        try
        {
            response = await batch.Response!.ConfigureAwait(false);
        }
        catch (KafkaException ex) when (ex.Error.Code is ErrorCode.Local_Transport or ErrorCode.Local_TimedOut or ErrorCode.Local_AllBrokersDown
            or ErrorCode.Local_UnknownBroker or ErrorCode.Local_UnknownPartition or ErrorCode.Local_Destroy or ErrorCode.Local_UnknownTopic)
        {
            _refreshLeader = true;
            return new Verdict(VerdictKind.Retry, ex.Error, null, false);
        }
        catch (KafkaException ex)
        {
            return new Verdict(ex.Error.IsFatal ? VerdictKind.Fatal : VerdictKind.Fail, ex.Error, null, false);
        }

        if (ReferenceEquals(response, NoAcknowledgement))
        {
            return new Verdict(VerdictKind.Success, new Error(ErrorCode.NoError), null, false);
        }

        var partition = response.Responses.FirstOrDefault(r => r.Name == _tp.Topic)?.PartitionResponses.FirstOrDefault(p => p.Index == _tp.Partition.Value);
        if (partition is null)
        {
            return new Verdict(VerdictKind.Fail, new Error(ErrorCode.Local_BadMsg, $"The produce response has no entry for {_tp}."), null, false);
        }

        var code = (KafkaErrorCode)partition.ErrorCode;
        var error = new Error((ErrorCode)partition.ErrorCode, partition.ErrorMessage);
        switch (code)
        {
            case KafkaErrorCode.None or KafkaErrorCode.DuplicateSequenceNumber:
                return new Verdict(VerdictKind.Success, error, partition, false);
            case KafkaErrorCode.OutOfOrderSequenceNumber or KafkaErrorCode.UnknownProducerId when _settings.Idempotent:
                return new Verdict(VerdictKind.Restamp, error, partition, false);
            case KafkaErrorCode.InvalidProducerEpoch or KafkaErrorCode.ProducerFenced when _settings.Idempotent:
                // An older identity's batch is restamped; the current identity being fenced is fatal.
                return batch.Identity != _core.CurrentIdentity
                    ? new Verdict(VerdictKind.Restamp, error, partition, true)
                    : new Verdict(VerdictKind.Fatal, new Error(error.Code, error.Reason, isFatal: true), partition, false);
            default:
                if (code.IsRetriable() || code == KafkaErrorCode.UnknownTopicOrPartition)
                {
                    _refreshLeader = true;
                    return new Verdict(VerdictKind.Retry, error, partition, false);
                }

                return new Verdict(VerdictKind.Fail, error, partition, false);
        }
    }

    private void CompleteSuccess(InFlightBatch batch, ProduceResponse.PartitionProduceResponse? partition)
    {
        var baseOffset = partition?.BaseOffset ?? -1;
        var outcome = new RecordOutcome(
            _tp.Partition,
            baseOffset < 0 ? Offset.Unset : baseOffset,
            partition?.LogAppendTimeMs ?? -1,
            new Error(ErrorCode.NoError),
            partition is null ? PersistenceStatus.PossiblyPersisted : PersistenceStatus.Persisted);
        Resolve(batch, outcome, numbered: baseOffset >= 0);
    }

    private void CompleteAll(InFlightBatch batch, in RecordOutcome outcome) => Resolve(batch, outcome, numbered: false);

    /// <summary>
    /// Reports every record of the batch (once per batch: the first resolution wins), under one report lock and with
    /// one release of buffer space, not one per record. <paramref name="numbered"/> gives record i the offset
    /// <c>outcome.Offset + i</c>.
    /// </summary>
    private void Resolve(InFlightBatch batch, RecordOutcome outcome, bool numbered)
    {
        if (!batch.TryResolve())
        {
            return;
        }

        var records = batch.Records;
        var released = 0;
        var bytes = 0L;
        try
        {
            lock (_core.ReportLock)
            {
                for (var i = 0; i < records.Count; i++)
                {
                    var record = records[i];
                    if (record.TryReport(numbered ? outcome with { Offset = outcome.Offset + i } : outcome))
                    {
                        released++;
                        bytes += record.Size;
                    }
                }
            }
        }
        finally
        {
            _core.Release(released, bytes);
        }

        Recycle(records);
    }

    private void Recycle(List<IPendingRecord> records)
    {
        // One spare per batch that can be outstanding at once is enough to stop allocating lists in steady state.
        if (_spareLists.Count <= _settings.MaxInFlight)
        {
            records.Clear();
            _spareLists.Push(records);
        }
    }

    private static Error TimedOut(Error last) => new(ErrorCode.Local_MsgTimedOut, $"Local: Message timed out (last error: {last.Reason})");

    /// <summary>Waits for a response task without observing its outcome here.</summary>
    private static async Task SettledAsync(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (KafkaException)
        {
            // Evaluated later, in order.
        }
    }

    private enum VerdictKind
    {
        Success,
        Retry,
        Restamp,
        Fail,
        Fatal,
    }

    private readonly record struct Verdict(VerdictKind Kind, Error Error, ProduceResponse.PartitionProduceResponse? Partition, bool Immediate);
}
