// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Threading.Channels;
using Granary.Protocol;
using Granary.Protocol.Messages;
using Granary.Protocol.Records;

namespace Granary.Client.Producing;

/// <summary>
/// Drains one partition's queue: gathers a batch (until batch.size, batch.num.messages or linger.ms), sends it to the
/// leader and retries retriable failures with backoff until message.timeout.ms. Batches go one at a time, so order
/// holds across retries and the sequence numbers of a retried batch stay the same.
/// </summary>
internal sealed class PartitionSender : IAsyncDisposable
{
    private const short ProduceClientMax = 9;
    private const short ProduceClientMin = 3;

    private readonly ProducerCore _core;
    private readonly TopicPartition _tp;
    private readonly Channel<PendingRecord> _queue = Channel.CreateUnbounded<PendingRecord>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private PendingRecord? _carried;
    private int _nextSequence;
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PartitionSender(ProducerCore core, TopicPartition tp)
    {
        _core = core;
        _tp = tp;
        _loop = Task.Run(RunAsync);
    }

    public void Enqueue(PendingRecord record)
    {
        if (!_queue.Writer.TryWrite(record))
        {
            record.Completion.TrySetResult(new RecordOutcome(_tp.Partition, Offset.Unset, -1, new Error(ErrorCode.Local_Destroy, "Producer is closed."), PersistenceStatus.NotPersisted));
        }
    }

    public void Wake() => _wake.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Closing: the loop stops wherever it was.
        }

        var closed = new Error(ErrorCode.Local_Destroy, "Producer is closed.");
        while (_queue.Reader.TryRead(out var record))
        {
            record.Completion.TrySetResult(new RecordOutcome(_tp.Partition, Offset.Unset, -1, closed, PersistenceStatus.NotPersisted));
        }
    }

    private async Task RunAsync()
    {
        var token = _core.Closing;
        var settings = _core.Settings;
        while (!token.IsCancellationRequested)
        {
            if (_carried is null && !await _queue.Reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                return;
            }

            var batch = new List<PendingRecord>();
            var bytes = 0;
            if (_carried is not null)
            {
                batch.Add(_carried);
                bytes += _carried.Size;
                _carried = null;
            }

            while (batch.Count < settings.BatchNumMessages)
            {
                if (_queue.Reader.TryRead(out var next))
                {
                    if (batch.Count > 0 && bytes + next.Size > settings.BatchSize)
                    {
                        _carried = next;
                        break;
                    }

                    batch.Add(next);
                    bytes += next.Size;
                    continue;
                }

                var left = settings.Linger - _core.Time.GetElapsedTime(batch[0].EnqueuedAt);
                if (left <= TimeSpan.Zero || _core.Flushing)
                {
                    break;
                }

                _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                using var delay = CancellationTokenSource.CreateLinkedTokenSource(token);
                var readable = _queue.Reader.WaitToReadAsync(delay.Token).AsTask();
                await Task.WhenAny(readable, Task.Delay(left, _core.Time, delay.Token), _wake.Task).ConfigureAwait(false);
                await delay.CancelAsync().ConfigureAwait(false);
                if (readable.IsCompletedSuccessfully && !readable.Result)
                {
                    break;
                }
            }

            _core.OnBatchTaken(_tp);
            await SendAsync(batch, token).ConfigureAwait(false);
        }
    }

    private async Task SendAsync(List<PendingRecord> batch, CancellationToken token)
    {
        var settings = _core.Settings;
        var sent = false;
        var refresh = false;
        Error lastError = new(ErrorCode.Local_MsgTimedOut);
        byte[]? records = null;
        for (var attempt = 0; ; attempt++)
        {
            if (_core.Time.GetElapsedTime(batch[0].EnqueuedAt) >= settings.MessageTimeout || attempt > settings.MaxRetries)
            {
                var error = lastError.Code == ErrorCode.Local_MsgTimedOut || attempt <= settings.MaxRetries
                    ? new Error(ErrorCode.Local_MsgTimedOut, $"Local: Message timed out (last error: {lastError.Reason})")
                    : lastError;
                Complete(batch, _ => -1, -1, error, sent ? PersistenceStatus.PossiblyPersisted : PersistenceStatus.NotPersisted);
                return;
            }

            if (attempt > 0)
            {
                var backoff = settings.RetryBackoff * Math.Pow(2, Math.Min(attempt - 1, 10));
                await Task.Delay(backoff < settings.RetryBackoffMax ? backoff : settings.RetryBackoffMax, _core.Time, token).ConfigureAwait(false);
            }

            try
            {
                records ??= await BuildAsync(batch, token).ConfigureAwait(false);
                var leader = await _core.GetLeaderAsync(_tp, refresh, token).ConfigureAwait(false);
                var connection = await _core.Cluster.GetConnectionAsync(leader, token).ConfigureAwait(false);
                var version = connection.Versions.Pick(ApiKey.Produce, ProduceClientMax, ProduceClientMin);
                var request = new ProduceRequest
                {
                    Acks = settings.Acks,
                    TimeoutMs = (int)settings.RequestTimeout.TotalMilliseconds,
                    TopicData = [new ProduceRequest.TopicProduceData { Name = _tp.Topic, PartitionData = [new ProduceRequest.PartitionProduceData { Index = _tp.Partition, Records = records }] }],
                };
                if (settings.Acks == 0)
                {
                    await connection.SendWithoutResponseAsync(request, version, token).ConfigureAwait(false);
                    Complete(batch, _ => Offset.Unset, -1, new Error(ErrorCode.NoError), PersistenceStatus.PossiblyPersisted);
                    return;
                }

                sent = true;
                var response = await connection.SendAsync<ProduceResponse>(request, version, settings.RequestTimeout, token).ConfigureAwait(false);
                var partition = response.Responses.FirstOrDefault(r => r.Name == _tp.Topic)?.PartitionResponses.FirstOrDefault(p => p.Index == _tp.Partition.Value)
                    ?? throw new KafkaException(new Error(ErrorCode.Local_BadMsg, $"The produce response has no entry for {_tp}."));
                var code = (KafkaErrorCode)partition.ErrorCode;
                if (code is KafkaErrorCode.None or KafkaErrorCode.DuplicateSequenceNumber)
                {
                    _nextSequence += batch.Count;
                    var baseOffset = partition.BaseOffset;
                    Complete(batch, i => baseOffset < 0 ? Offset.Unset : baseOffset + i, partition.LogAppendTimeMs, new Error(ErrorCode.NoError), PersistenceStatus.Persisted);
                    return;
                }

                lastError = new Error((ErrorCode)partition.ErrorCode, partition.ErrorMessage);
                if (!code.IsRetriable() && code != KafkaErrorCode.UnknownTopicOrPartition)
                {
                    Complete(batch, _ => Offset.Unset, -1, lastError, PersistenceStatus.NotPersisted);
                    return;
                }

                refresh = true;
            }
            catch (KafkaException ex) when (ex.Error.Code is ErrorCode.Local_Transport or ErrorCode.Local_TimedOut or ErrorCode.Local_AllBrokersDown
                or ErrorCode.Local_UnknownBroker or ErrorCode.Local_UnknownPartition or ErrorCode.Local_Destroy)
            {
                lastError = ex.Error;
                refresh = true;
            }
            catch (KafkaException ex)
            {
                Complete(batch, _ => Offset.Unset, -1, ex.Error, sent ? PersistenceStatus.PossiblyPersisted : PersistenceStatus.NotPersisted);
                return;
            }
        }
    }

    private async Task<byte[]> BuildAsync(List<PendingRecord> batch, CancellationToken token)
    {
        using var builder = new RecordBatchBuilder(_core.Settings.Compression);
        if (_core.Settings.Idempotent)
        {
            var (id, epoch) = await _core.GetProducerIdAsync(token).ConfigureAwait(false);
            builder.ProducerId = id;
            builder.ProducerEpoch = epoch;
            builder.BaseSequence = _nextSequence;
        }

        foreach (var record in batch)
        {
            builder.Append(record.Timestamp, record.Key, record.Value, record.Headers);
        }

        return builder.ToArray();
    }

    private void Complete(List<PendingRecord> batch, Func<int, long> offset, long logAppendTime, Error error, PersistenceStatus status)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Completion.TrySetResult(new RecordOutcome(_tp.Partition, offset(i), logAppendTime, error, status));
        }
    }
}
