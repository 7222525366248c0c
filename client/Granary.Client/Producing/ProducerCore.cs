// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using Granary.Client.Network;
using Granary.Protocol;
using Granary.Protocol.Messages;

namespace Granary.Client.Producing;

/// <summary>
/// The byte-level producer: partition choice, one sender per partition (so batches of a partition are sent in order
/// and a retry keeps its sequence numbers), the idempotent producer id, and in-flight accounting for Flush.
/// </summary>
internal sealed class ProducerCore : IAsyncDisposable
{
    private readonly ConcurrentDictionary<TopicPartition, PartitionSender> _senders = new();
    private readonly ConcurrentDictionary<string, int> _partitionCounts = new(StringComparer.Ordinal);
    private readonly StickyPartitioner _sticky = new();
    private readonly SemaphoreSlim _producerIdLock = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private readonly object _inFlightLock = new();
    private readonly Lock _orderLock = new();
    private Task _orderTail = Task.CompletedTask;
    private long _inFlight;
    private int _flushing;
    private (long Id, short Epoch)? _producerId;

    public ProducerCore(KafkaCluster cluster, ProducerSettings settings, TimeProvider time)
    {
        Cluster = cluster;
        Settings = settings;
        Time = time;
    }

    public KafkaCluster Cluster { get; }

    public ProducerSettings Settings { get; }

    public TimeProvider Time { get; }

    public bool Flushing => Volatile.Read(ref _flushing) > 0;

    public CancellationToken Closing => _closing.Token;

    public async Task<RecordOutcome> ProduceAsync(
        string topic, int partition, PendingRecord record, PartitionerDelegate? partitioner, CancellationToken cancellationToken)
    {
        // Records must reach their partition queue in call order even when the first ones wait for metadata:
        // while any call is resolving a partition, later calls queue behind it.
        Task? previous = null;
        TaskCompletionSource? mine = null;
        lock (_orderLock)
        {
            if (!_orderTail.IsCompleted || (partition < 0 && !_partitionCounts.ContainsKey(topic)))
            {
                previous = _orderTail;
                mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _orderTail = mine.Task;
            }
        }

        try
        {
            if (previous is not null)
            {
                await previous.ConfigureAwait(false);
            }

            if (partition < 0)
            {
                var count = await GetPartitionCountAsync(topic, cancellationToken).ConfigureAwait(false);
                partition = partitioner is not null
                    ? partitioner(topic, count, record.Key, record.Key is null).Value
                    : record.Key is null ? _sticky.Partition(topic, count) : Murmur2.Partition(record.Key, count);
            }

            _senders.GetOrAdd(new TopicPartition(topic, partition), tp => new PartitionSender(this, tp)).Enqueue(record);
        }
        finally
        {
            mine?.TrySetResult();
        }

        return await record.Completion.Task.ConfigureAwait(false);
    }

    /// <summary>Counts a produce call from its start until its delivery result (or handler) is done; Flush waits for zero.</summary>
    public void BeginInFlight()
    {
        lock (_inFlightLock)
        {
            _inFlight++;
        }
    }

    public void EndInFlight()
    {
        lock (_inFlightLock)
        {
            _inFlight--;
            Monitor.PulseAll(_inFlightLock);
        }
    }

    /// <summary>Sends everything queued without waiting for linger.ms; returns how many records are still in flight.</summary>
    public int Flush(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _flushing);
        try
        {
            foreach (var sender in _senders.Values)
            {
                sender.Wake();
            }

            var deadline = Time.GetTimestamp();
            lock (_inFlightLock)
            {
                while (_inFlight > 0 && !cancellationToken.IsCancellationRequested)
                {
                    var left = timeout == Timeout.InfiniteTimeSpan ? TimeSpan.FromMilliseconds(100) : timeout - Time.GetElapsedTime(deadline);
                    if (left <= TimeSpan.Zero)
                    {
                        break;
                    }

                    Monitor.Wait(_inFlightLock, left < TimeSpan.FromMilliseconds(100) ? left : TimeSpan.FromMilliseconds(100));
                }

                return (int)_inFlight;
            }
        }
        finally
        {
            Interlocked.Decrement(ref _flushing);
        }
    }

    public void OnBatchTaken(TopicPartition tp)
    {
        if (_partitionCounts.TryGetValue(tp.Topic, out var count))
        {
            _sticky.OnNewBatch(tp.Topic, count, tp.Partition.Value);
        }
    }

    public async Task<int> GetPartitionCountAsync(string topic, CancellationToken cancellationToken)
    {
        if (_partitionCounts.TryGetValue(topic, out var count))
        {
            return count;
        }

        var metadata = await Cluster.RefreshMetadataAsync([topic], cancellationToken).ConfigureAwait(false);
        var info = metadata.Topics.FirstOrDefault(t => t.Topic == topic);
        if (info is null || info.Error.IsError || info.Partitions.Count == 0)
        {
            var code = info?.Error.Code is { } c && c != ErrorCode.NoError ? c : ErrorCode.Local_UnknownTopic;
            throw new KafkaException(new Error(code, $"Topic {topic} is not available: {info?.Error.Reason ?? "not in metadata"}"));
        }

        _partitionCounts[topic] = info.Partitions.Count;
        return info.Partitions.Count;
    }

    public async Task<int> GetLeaderAsync(TopicPartition tp, bool refresh, CancellationToken cancellationToken)
    {
        var metadata = Cluster.LastMetadata;
        var leader = metadata?.Topics.FirstOrDefault(t => t.Topic == tp.Topic)?.Partitions.FirstOrDefault(p => p.PartitionId == tp.Partition.Value);
        if (refresh || leader is null || leader.Leader < 0)
        {
            metadata = await Cluster.RefreshMetadataAsync([tp.Topic], cancellationToken).ConfigureAwait(false);
            var topic = metadata.Topics.FirstOrDefault(t => t.Topic == tp.Topic);
            leader = topic?.Partitions.FirstOrDefault(p => p.PartitionId == tp.Partition.Value);
            if (topic is { Error.IsError: false })
            {
                _partitionCounts[tp.Topic] = topic.Partitions.Count;
            }
        }

        return leader is { Leader: >= 0 }
            ? leader.Leader
            : throw new KafkaException(new Error(ErrorCode.Local_UnknownPartition, $"No leader known for {tp}."));
    }

    /// <summary>The idempotent producer id and epoch, obtained once with InitProducerId.</summary>
    public async Task<(long Id, short Epoch)> GetProducerIdAsync(CancellationToken cancellationToken)
    {
        if (_producerId is { } known)
        {
            return known;
        }

        await _producerIdLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_producerId is { } raced)
            {
                return raced;
            }

            var connection = await Cluster.GetAnyConnectionAsync(cancellationToken).ConfigureAwait(false);
            var version = connection.Versions.Pick(ApiKey.InitProducerId, 4);
            var request = new InitProducerIdRequest { TransactionalId = null, TransactionTimeoutMs = -1 };
            var response = await connection.SendAsync<InitProducerIdResponse>(request, version, Settings.RequestTimeout, cancellationToken).ConfigureAwait(false);
            if (response.ErrorCode != 0)
            {
                throw new KafkaException(new Error((ErrorCode)response.ErrorCode, $"InitProducerId failed with broker error {(ErrorCode)response.ErrorCode}."));
            }

            _producerId = (response.ProducerId, response.ProducerEpoch);
            return _producerId.Value;
        }
        finally
        {
            _producerIdLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync().ConfigureAwait(false);
        foreach (var sender in _senders.Values)
        {
            await sender.DisposeAsync().ConfigureAwait(false);
        }

        await Cluster.DisposeAsync().ConfigureAwait(false);
        _closing.Dispose();
    }
}
