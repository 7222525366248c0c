// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using Granary.Client.Network;
using Granary.Protocol;
using Granary.Protocol.Messages;

namespace Granary.Client.Producing;

/// <summary>
/// The byte-level producer: the buffer bound (queue.buffering.max.messages / .kbytes), partition choice, one sender
/// per partition, the idempotent producer identity (with KIP-360 epoch bumps) and fatal errors, and Flush.
/// </summary>
internal sealed class ProducerCore : IAsyncDisposable
{
    private const short InitProducerIdClientMax = 4;
    private const short InitProducerIdBumpMin = 3;

    // Keyed by a value tuple so that finding a record's sender allocates nothing.
    private readonly ConcurrentDictionary<(string Topic, int Partition), PartitionSender> _senders = new();
    private readonly ConcurrentDictionary<string, TopicRoute> _topics = new(StringComparer.Ordinal);
    private readonly StickyPartitioner _sticky = new();
    private readonly SemaphoreSlim _identityLock = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private readonly CancellationToken _closingToken;
    private readonly Lock _orderLock = new();
    private readonly object _bufferLock = new();
    private Task _orderTail = Task.CompletedTask;
    private int _routesWaiting;
    private TopicRoute? _lastRoute;
    private WallClock? _wallClock;
    private long _bufferedBytes;
    private int _bufferedMessages;
    private TaskCompletionSource? _spaceFreed;
    private int _flushing;
    private int _resends;
    private volatile ProducerIdentity? _identity;
    private volatile Error? _fatal;

    public ProducerCore(KafkaCluster cluster, ProducerSettings settings, TimeProvider time)
    {
        Cluster = cluster;
        Settings = settings;
        Time = time;
        _closingToken = _closing.Token;
    }

    /// <summary>Raised once when the producer hits a fatal error (the producer must be disposed).</summary>
    public event Action<Error>? Fatal;

    public KafkaCluster Cluster { get; }

    public ProducerSettings Settings { get; }

    public TimeProvider Time { get; }

    /// <summary>
    /// Serializes delivery reports and interceptor acknowledgements: librdkafka calls them from one thread, so
    /// Confluent.Kafka programs rely on them never running concurrently, while partitions complete on many threads here.
    /// </summary>
    public Lock ReportLock { get; } = new();

    public bool Flushing => Volatile.Read(ref _flushing) > 0;

    public CancellationToken Closing => _closingToken;

    /// <summary>The fatal error, once there is one: every later produce fails with it.</summary>
    public Error? FatalError => _fatal;

    public ProducerIdentity? CurrentIdentity => _identity;

    /// <summary>Records accepted and not yet completed (their delivery handlers not yet run).</summary>
    public int BufferedMessages => Volatile.Read(ref _bufferedMessages);

    public long BufferedBytes => Interlocked.Read(ref _bufferedBytes);

    /// <summary>Batches sent and not yet resolved, over all partitions.</summary>
    public int InFlightBatches => _senders.Values.Sum(s => s.InFlightCount);

    /// <summary>Batches sent again after a failure (for tests and diagnostics).</summary>
    public int Resends => Volatile.Read(ref _resends);

    public void OnResend() => Interlocked.Increment(ref _resends);

    /// <summary>Takes buffer space for <paramref name="record"/> if there is room; false when the buffer is full.</summary>
    public bool TryAccept(IPendingRecord record)
    {
        lock (_bufferLock)
        {
            if (!HasRoom(record.Size))
            {
                return false;
            }

            Take(record.Size);
        }

        record.Accept(this, Time.GetTimestamp());
        return true;
    }

    /// <summary>
    /// Takes buffer space for <paramref name="record"/>, waiting asynchronously for space up to max.block.ms
    /// (then Local_QueueFull), as the Java client's send() blocks; the wait is cancellable. The record's
    /// message.timeout.ms starts once it is accepted.
    /// </summary>
    public async ValueTask AcceptAsync(IPendingRecord record, CancellationToken cancellationToken)
    {
        var started = Time.GetTimestamp();
        while (true)
        {
            Task freed;
            lock (_bufferLock)
            {
                if (HasRoom(record.Size))
                {
                    Take(record.Size);
                    break;
                }

                _spaceFreed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                freed = _spaceFreed.Task;
            }

            var left = Settings.MaxBlock - Time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                throw new KafkaException(new Error(ErrorCode.Local_QueueFull, QueueFullReason()));
            }

            try
            {
                await freed.WaitAsync(left, Time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Checked at the top of the loop.
            }
        }

        record.Accept(this, Time.GetTimestamp());
    }

    public string QueueFullReason() =>
        $"Local: Queue full (queue.buffering.max.messages={Settings.QueueMaxMessages}, queue.buffering.max.kbytes={Settings.QueueMaxBytes / 1024}, max.block.ms={(long)Settings.MaxBlock.TotalMilliseconds})";

    /// <summary>
    /// The Unix time in milliseconds at TimeProvider timestamp <paramref name="timestamp"/>. With the system clock it
    /// is derived from the monotonic timestamp and a wall-clock reading refreshed every second, so a record costs one
    /// clock read, not two; another TimeProvider (a test's) is asked directly.
    /// </summary>
    public long UnixTimeMilliseconds(long timestamp)
    {
        if (!ReferenceEquals(Time, TimeProvider.System))
        {
            return Time.GetUtcNow().ToUnixTimeMilliseconds();
        }

        var clock = _wallClock;
        if (clock is null || !clock.Covers(timestamp))
        {
            clock = new WallClock(timestamp, Time.GetUtcNow(), Time.TimestampFrequency);
            _wallClock = clock;
        }

        return clock.UnixTimeMilliseconds(timestamp);
    }

    /// <summary>Frees completed records' buffer space; wakes producers waiting for space and Flush.</summary>
    public void Release(int messages, long bytes)
    {
        if (messages == 0)
        {
            return;
        }

        TaskCompletionSource? freed;
        lock (_bufferLock)
        {
            _bufferedMessages -= messages;
            _bufferedBytes -= bytes;
            freed = _spaceFreed;
            _spaceFreed = null;
            if (_flushing > 0)
            {
                Monitor.PulseAll(_bufferLock);
            }
        }

        freed?.TrySetResult();
    }

    /// <summary>
    /// Hands an accepted record to its partition's sender. Records reach their partition queue in call order even
    /// when earlier ones wait for metadata: while any call is resolving a partition, later calls queue behind it.
    /// </summary>
    public void Route(string topic, int partition, IPendingRecord record, PartitionerDelegate? partitioner)
    {
        // The usual case takes no lock: nothing is waiting to be routed (so no earlier call can still be behind this
        // one) and the partition count is known. A call that starts waiting counts itself in _routesWaiting before
        // it returns, so a later call from the same thread always sees it.
        var route = RouteOf(topic);
        var count = route.PartitionCount;
        if (Volatile.Read(ref _routesWaiting) == 0 && (partition >= 0 || count > 0))
        {
            Enqueue(route, partition, count, record, partitioner);
            return;
        }

        Task? previous = null;
        TaskCompletionSource? mine = null;
        lock (_orderLock)
        {
            count = route.PartitionCount;
            if (!_orderTail.IsCompleted || (partition < 0 && count == 0))
            {
                previous = _orderTail;
                mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _orderTail = mine.Task;
                Interlocked.Increment(ref _routesWaiting);
            }
        }

        if (mine is null)
        {
            Enqueue(route, partition, count, record, partitioner);
            return;
        }

        _ = RouteLaterAsync(previous!, mine, route, partition, record, partitioner);
    }

    private TopicRoute RouteOf(string topic)
    {
        // Callers mostly pass the same string instance for a topic: a reference comparison spares the lookup.
        var last = _lastRoute;
        if (last is not null && ReferenceEquals(last.Topic, topic))
        {
            return last;
        }

        var route = _topics.GetOrAdd(topic, static name => new TopicRoute(name));
        _lastRoute = route;
        return route;
    }

    private async Task RouteLaterAsync(Task previous, TaskCompletionSource mine, TopicRoute route, int partition, IPendingRecord record, PartitionerDelegate? partitioner)
    {
        try
        {
            await previous.ConfigureAwait(false);
            var count = partition < 0 ? await GetPartitionCountAsync(route.Topic, _closingToken).ConfigureAwait(false) : 0;
            Enqueue(route, partition, count, record, partitioner);
        }
        catch (KafkaException ex)
        {
            record.Complete(new RecordOutcome(partition, Offset.Unset, -1, ex.Error, PersistenceStatus.NotPersisted));
        }
        catch (OperationCanceledException)
        {
            record.Complete(new RecordOutcome(partition, Offset.Unset, -1, new Error(ErrorCode.Local_Destroy, "Producer is closed."), PersistenceStatus.NotPersisted));
        }
        finally
        {
            mine.TrySetResult();
            Interlocked.Decrement(ref _routesWaiting);
        }
    }

    private void Enqueue(TopicRoute route, int partition, int count, IPendingRecord record, PartitionerDelegate? partitioner)
    {
        var topic = route.Topic;
        if (partition < 0)
        {
            try
            {
                partition = partitioner is not null
                    ? partitioner(topic, count, record.KeyBytes, record.KeyBytes is null).Value
                    : record.KeyBytes is null ? _sticky.Partition(topic, count) : Murmur2.Partition(record.KeyBytes, count);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                record.Complete(new RecordOutcome(Partition.Any, Offset.Unset, -1, new Error(ErrorCode.Local_Application, $"The partitioner threw: {ex.Message}"), PersistenceStatus.NotPersisted));
                return;
            }
        }

        var sender = route.Sender(partition);
        if (sender is null)
        {
            sender = _senders.GetOrAdd((topic, partition), key => new PartitionSender(this, new TopicPartition(key.Topic, key.Partition)));
            route.Cache(partition, sender);
        }

        sender.Enqueue(record);
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

            var started = Time.GetTimestamp();
            lock (_bufferLock)
            {
                while (_bufferedMessages > 0 && !cancellationToken.IsCancellationRequested)
                {
                    var left = timeout == Timeout.InfiniteTimeSpan ? TimeSpan.FromMilliseconds(100) : timeout - Time.GetElapsedTime(started);
                    if (left <= TimeSpan.Zero)
                    {
                        break;
                    }

                    Monitor.Wait(_bufferLock, left < TimeSpan.FromMilliseconds(100) ? left : TimeSpan.FromMilliseconds(100));
                }

                return _bufferedMessages;
            }
        }
        finally
        {
            Interlocked.Decrement(ref _flushing);
        }
    }

    public void OnBatchTaken(TopicPartition tp)
    {
        if (_topics.TryGetValue(tp.Topic, out var route) && route.PartitionCount is var count and > 0)
        {
            _sticky.OnNewBatch(tp.Topic, count, tp.Partition.Value);
        }
    }

    public async Task<int> GetPartitionCountAsync(string topic, CancellationToken cancellationToken)
    {
        var route = RouteOf(topic);
        var count = route.PartitionCount;
        if (count > 0)
        {
            return count;
        }

        // A topic the broker has just auto-created answers LEADER_NOT_AVAILABLE until its partitions have leaders:
        // wait for it (topic.metadata.propagation.max.ms) instead of failing every record sent in the meantime.
        var started = Time.GetTimestamp();
        for (var attempt = 0; ; attempt++)
        {
            var metadata = await Cluster.RefreshMetadataAsync([topic], cancellationToken).ConfigureAwait(false);
            var info = metadata.Topics.FirstOrDefault(t => t.Topic == topic);
            if (info is not null && !info.Error.IsError && info.Partitions.Count > 0)
            {
                count = info.Partitions.Count;
                break;
            }

            var code = info?.Error.Code is { } c && c != ErrorCode.NoError ? c : ErrorCode.Local_UnknownTopic;
            var backoff = Settings.Backoff(attempt);
            if (code != ErrorCode.LeaderNotAvailable || Time.GetElapsedTime(started) + backoff > Settings.TopicPropagation)
            {
                throw new KafkaException(new Error(code, $"Topic {topic} is not available: {info?.Error.Reason ?? "not in metadata"}"));
            }

            await Task.Delay(backoff, Time, cancellationToken).ConfigureAwait(false);
        }

        route.PartitionCount = count;
        return count;
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
            if (topic is { Error.IsError: false, Partitions.Count: > 0 })
            {
                RouteOf(tp.Topic).PartitionCount = topic.Partitions.Count;
            }
        }

        return leader is { Leader: >= 0 }
            ? leader.Leader
            : throw new KafkaException(new Error(ErrorCode.Local_UnknownPartition, $"No leader known for {tp}."));
    }

    /// <summary>The idempotent producer identity, obtained once with InitProducerId.</summary>
    public async Task<ProducerIdentity> GetIdentityAsync(CancellationToken cancellationToken)
    {
        if (_identity is { } known)
        {
            return known;
        }

        return await RenewIdentityAsync(null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Replaces <paramref name="stale"/> (whose sequences the broker no longer accepts) with a bumped identity:
    /// InitProducerId naming the current id and epoch (KIP-360). When another partition already replaced it, the
    /// current identity is returned as is. Non-retriable InitProducerId errors are fatal.
    /// </summary>
    public async Task<ProducerIdentity> RenewIdentityAsync(ProducerIdentity? stale, CancellationToken cancellationToken)
    {
        await _identityLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_fatal is { } fatal)
            {
                throw new KafkaException(fatal);
            }

            if (_identity is { } current && current != stale)
            {
                return current;
            }

            var connection = await Cluster.GetAnyConnectionAsync(cancellationToken).ConfigureAwait(false);
            var version = connection.Versions.Pick(ApiKey.InitProducerId, InitProducerIdClientMax);
            var request = new InitProducerIdRequest { TransactionalId = null, TransactionTimeoutMs = -1 };
            if (stale is not null && stale != ProducerIdentity.None && version >= InitProducerIdBumpMin)
            {
                request.ProducerId = stale.Id;
                request.ProducerEpoch = stale.Epoch;
            }

            var response = await connection.SendAsync<InitProducerIdResponse>(request, version, Settings.RequestTimeout, cancellationToken).ConfigureAwait(false);
            var code = (KafkaErrorCode)response.ErrorCode;
            if (code != KafkaErrorCode.None)
            {
                var retriable = code.IsRetriable() || code is KafkaErrorCode.CoordinatorLoadInProgress or KafkaErrorCode.ConcurrentTransactions;
                var error = new Error((ErrorCode)response.ErrorCode, $"InitProducerId failed with broker error {(ErrorCode)response.ErrorCode}.", isFatal: !retriable);
                if (!retriable)
                {
                    RaiseFatal(error);
                }

                throw new KafkaException(error);
            }

            var renewed = new ProducerIdentity(response.ProducerId, response.ProducerEpoch);
            _identity = renewed;
            return renewed;
        }
        finally
        {
            _identityLock.Release();
        }
    }

    /// <summary>Records the first fatal error and tells the producer (error handler); later produce calls fail with it.</summary>
    public void RaiseFatal(Error error)
    {
        var fatal = error.IsFatal ? error : new Error(error.Code, error.Reason, isFatal: true);
        if (Interlocked.CompareExchange(ref _fatal, fatal, null) is null)
        {
            Fatal?.Invoke(fatal);
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

    private bool HasRoom(int size)
    {
        // An empty buffer always takes one record, so a record larger than the byte bound is not refused forever.
        if (_bufferedMessages == 0)
        {
            return true;
        }

        return (Settings.QueueMaxMessages == 0 || _bufferedMessages < Settings.QueueMaxMessages) && _bufferedBytes + size <= Settings.QueueMaxBytes;
    }

    private void Take(int size)
    {
        _bufferedMessages++;
        _bufferedBytes += size;
    }
}
