// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Runtime.CompilerServices;
using Granary.Client.Configuration;
using Granary.Client.Network;

namespace Granary.Client.Consuming;

/// <summary>The consumer Build() returns; see <see cref="IConsumer{TKey, TValue}"/>.</summary>
internal sealed partial class Consumer<TKey, TValue> : IConsumer<TKey, TValue>
{
    private static readonly TimeSpan MaxWaitSlice = TimeSpan.FromMilliseconds(500);

    private readonly ConsumerCore _core;
    private readonly ConsumerSettings _settings;
    private readonly IDeserializer<TKey>? _keyDeserializer;
    private readonly IDeserializer<TValue>? _valueDeserializer;
    private readonly IAsyncDeserializer<TKey>? _asyncKeyDeserializer;
    private readonly IAsyncDeserializer<TValue>? _asyncValueDeserializer;
    private readonly Action<IConsumer<TKey, TValue>, Error>? _errorHandler;
    private readonly Action<IConsumer<TKey, TValue>, LogMessage>? _logHandler;
    private readonly Action<IConsumer<TKey, TValue>, string>? _statisticsHandler;
    private readonly Func<IConsumer<TKey, TValue>, List<TopicPartition>, IEnumerable<TopicPartitionOffset>>? _assignedHandler;
    private readonly Func<IConsumer<TKey, TValue>, List<TopicPartitionOffset>, IEnumerable<TopicPartitionOffset>>? _revokedHandler;
    private readonly Func<IConsumer<TKey, TValue>, List<TopicPartitionOffset>, IEnumerable<TopicPartitionOffset>>? _lostHandler;
    private readonly Action<IConsumer<TKey, TValue>, CommittedOffsets>? _committedHandler;
    private readonly IConsumerInterceptor<TKey, TValue>[] _interceptors;
    private readonly Queue<Decoded> _decoded = new();
    private int _closed;

    public Consumer(ConsumerBuilder<TKey, TValue> builder, ResolvedConfig config, ConsumerSettings settings, string name)
    {
        Name = name;
        _settings = settings;
        _keyDeserializer = builder.KeyDeserializer;
        _valueDeserializer = builder.ValueDeserializer;
        _asyncKeyDeserializer = builder.AsyncKeyDeserializer;
        _asyncValueDeserializer = builder.AsyncValueDeserializer;
        _errorHandler = builder.ErrorHandler;
        _logHandler = builder.LogHandler;
        _statisticsHandler = builder.StatisticsHandler;
        _assignedHandler = builder.PartitionsAssignedHandler;
        _revokedHandler = builder.PartitionsRevokedHandler;
        _lostHandler = builder.PartitionsLostHandler;
        _committedHandler = builder.OffsetsCommittedHandler;
        _interceptors = [.. builder.Interceptors];
        _core = new ConsumerCore(settings, ClusterOptions.From(config), builder.Time, name);
        _core.Start();
    }

    public string Name { get; }

    /// <summary>The type-independent core (tests observe fetch sessions through it).</summary>
    internal ConsumerCore Core => _core;

    public string MemberId => _core.Group?.MemberId ?? string.Empty;

    public List<TopicPartition> Assignment => _core.Assignment;

    public List<string> Subscription => _core.Group?.Subscription ?? [];

    public IConsumerGroupMetadata? ConsumerGroupMetadata => _core.Group is { } group
        ? new ConsumerGroupMetadata(_settings.GroupId!, group.GenerationId, group.MemberId, _settings.GroupInstanceId)
        : null;

    public ConsumeResult<TKey, TValue>? Consume(int millisecondsTimeout) => Consume(TimeSpan.FromMilliseconds(millisecondsTimeout));

    public ConsumeResult<TKey, TValue>? Consume(TimeSpan timeout) => ConsumeUntil(timeout, CancellationToken.None);

    public ConsumeResult<TKey, TValue> Consume(CancellationToken cancellationToken = default) =>
        ConsumeUntil(Timeout.InfiniteTimeSpan, cancellationToken)!;

    public async ValueTask<ConsumeResult<TKey, TValue>> ConsumeAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        while (true)
        {
            _core.RecordPoll();
            if (TryNext(out var result))
            {
                return result!;
            }

            await _core.ConsumeSignal.WaitAsync(MaxWaitSlice, cancellationToken).ConfigureAwait(false);
        }
    }

    public async IAsyncEnumerable<ConsumeResult<TKey, TValue>> ConsumeAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            ConsumeResult<TKey, TValue>? result;
            try
            {
                result = await ConsumeAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                result = null;
            }

            if (result is null)
            {
                yield break;
            }

            yield return result;
        }
    }

    public void Subscribe(IEnumerable<string> topics)
    {
        ThrowIfClosed();
        ArgumentNullException.ThrowIfNull(topics);
        var group = _core.Group ?? throw new KafkaException(new Error(ErrorCode.Local_InvalidArg, "Subscribe needs group.id to be set."));
        group.Subscribe(topics);
    }

    public void Subscribe(string topic) => Subscribe([topic]);

    public void Unsubscribe()
    {
        ThrowIfClosed();
        if (_core.Group is { } group)
        {
            var done = group.UnsubscribeAsync();
            PumpEventsUntil(done, _settings.SessionTimeout + _settings.RequestTimeout);
        }
    }

    public void Assign(TopicPartition partition) => Assign([new TopicPartitionOffset(partition, Offset.Unset)]);

    public void Assign(TopicPartitionOffset partition) => Assign([partition]);

    public void Assign(IEnumerable<TopicPartitionOffset> partitions)
    {
        ThrowIfClosed();
        ArgumentNullException.ThrowIfNull(partitions);
        _decoded.Clear();
        _core.SetAssignment(partitions);
    }

    public void Assign(IEnumerable<TopicPartition> partitions) =>
        Assign(partitions.Select(p => new TopicPartitionOffset(p, Offset.Unset)));

    public void IncrementalAssign(IEnumerable<TopicPartitionOffset> partitions)
    {
        ThrowIfClosed();
        _core.AddAssignment(partitions);
    }

    public void IncrementalAssign(IEnumerable<TopicPartition> partitions) =>
        IncrementalAssign(partitions.Select(p => new TopicPartitionOffset(p, Offset.Unset)));

    public void IncrementalUnassign(IEnumerable<TopicPartition> partitions)
    {
        ThrowIfClosed();
        _core.RemoveAssignment(partitions);
    }

    public void Unassign()
    {
        ThrowIfClosed();
        _decoded.Clear();
        _core.SetAssignment([]);
    }

    public void StoreOffset(ConsumeResult<TKey, TValue> result)
    {
        ArgumentNullException.ThrowIfNull(result);
        StoreOffset(new TopicPartitionOffset(result.TopicPartition, result.Offset + 1, result.LeaderEpoch));
    }

    public void StoreOffset(TopicPartitionOffset offset)
    {
        ArgumentNullException.ThrowIfNull(offset);
        ThrowIfClosed();
        _core.StoreOffset(offset.TopicPartition, offset.Offset, offset.LeaderEpoch);
    }

    public List<TopicPartitionOffset> Commit()
    {
        ThrowIfClosed();
        var pending = _core.PendingCommits(null);
        if (pending.Count == 0)
        {
            throw new KafkaException(new Error(ErrorCode.Local_NoOffset, "No offsets stored since the last commit."));
        }

        CommitAndReport(pending);
        return pending;
    }

    public void Commit(IEnumerable<TopicPartitionOffset> offsets)
    {
        ThrowIfClosed();
        ArgumentNullException.ThrowIfNull(offsets);
        CommitAndReport([.. offsets]);
    }

    public void Commit(ConsumeResult<TKey, TValue> result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Message is null)
        {
            throw new InvalidOperationException("Attempt was made to commit offset corresponding to an empty consume result.");
        }

        Commit([new TopicPartitionOffset(result.TopicPartition, result.Offset + 1, result.LeaderEpoch)]);
    }

    public void Seek(TopicPartitionOffset tpo)
    {
        ArgumentNullException.ThrowIfNull(tpo);
        ThrowIfClosed();
        DropDecoded(tpo.TopicPartition);
        _core.Seek(tpo);
    }

    public void Pause(IEnumerable<TopicPartition> partitions)
    {
        ThrowIfClosed();
        var list = partitions.ToList();
        foreach (var tp in list)
        {
            DropDecoded(tp);
        }

        _core.Pause(list);
    }

    public void Resume(IEnumerable<TopicPartition> partitions)
    {
        ThrowIfClosed();
        _core.Resume(partitions);
    }

    public List<TopicPartitionOffset> Committed(TimeSpan timeout) => Committed(Assignment, timeout);

    public List<TopicPartitionOffset> Committed(IEnumerable<TopicPartition> partitions, TimeSpan timeout)
    {
        ThrowIfClosed();
        var list = partitions.ToList();
        return RunWithTimeout(ct => _core.FetchCommittedAsync(list, ct), timeout, "Committed");
    }

    public Offset Position(TopicPartition partition) => _core.Position(partition);

    public List<TopicPartitionOffset> OffsetsForTimes(IEnumerable<TopicPartitionTimestamp> timestampsToSearch, TimeSpan timeout)
    {
        ThrowIfClosed();
        var queries = timestampsToSearch.Select(t => (t.TopicPartition, t.Timestamp.UnixTimestampMs)).ToList();
        var found = RunWithTimeout(ct => _core.ListOffsetsAsync(queries, ct), timeout, "OffsetsForTimes");
        var result = new List<TopicPartitionOffset>();
        foreach (var (tp, _) in queries)
        {
            var (offset, error) = found[tp];
            if (error.IsError)
            {
                throw new KafkaException(new Error(error.Code, $"OffsetsForTimes for {tp} failed: {error}"));
            }

            result.Add(new TopicPartitionOffset(tp, offset >= 0 ? new Offset(offset) : Offset.End));
        }

        return result;
    }

    public WatermarkOffsets GetWatermarkOffsets(TopicPartition topicPartition) => _core.CachedWatermarks(topicPartition);

    public WatermarkOffsets QueryWatermarkOffsets(TopicPartition topicPartition, TimeSpan timeout)
    {
        ThrowIfClosed();
        var low = RunWithTimeout(ct => _core.ListOffsetsAsync([(topicPartition, -2)], ct), timeout, "QueryWatermarkOffsets")[topicPartition];
        var high = RunWithTimeout(ct => _core.ListOffsetsAsync([(topicPartition, -1)], ct), timeout, "QueryWatermarkOffsets")[topicPartition];
        if (low.Error.IsError || high.Error.IsError)
        {
            throw new KafkaException(low.Error.IsError ? low.Error : high.Error);
        }

        return new WatermarkOffsets(low.Offset, high.Offset);
    }

    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        // Prefetching is over: abandon the long polls at once rather than wait fetch.wait.max.ms for them.
        _core.StopFetching();
        try
        {
            if (_core.Group is { } group)
            {
                PumpEventsUntil(group.CloseAsync(), _settings.SessionTimeout + _settings.RequestTimeout);
            }
            else if (_settings.EnableAutoCommit && _settings.GroupId is not null)
            {
                CommitStoredAndReport(null);
            }
        }
        finally
        {
            _core.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    public void Dispose() => Close();

    private ConsumeResult<TKey, TValue>? ConsumeUntil(TimeSpan timeout, CancellationToken cancellationToken)
    {
        ThrowIfClosed();

        // The poll's own clock read starts the timeout: one read per call when a record is ready.
        var started = _core.RecordPoll();
        while (true)
        {
            if (TryNext(out var result))
            {
                return result;
            }

            var wait = MaxWaitSlice;
            if (timeout != Timeout.InfiniteTimeSpan)
            {
                var left = timeout - _core.Time.GetElapsedTime(started);
                if (left <= TimeSpan.Zero)
                {
                    return null;
                }

                wait = left < wait ? left : wait;
            }

            _core.ConsumeSignal.Wait(wait, cancellationToken);
            _core.RecordPoll();
        }
    }

    private T RunWithTimeout<T>(Func<CancellationToken, Task<T>> operation, TimeSpan timeout, string what)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            return operation(cts.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new KafkaException(new Error(ErrorCode.Local_TimedOut, $"{what} timed out after {timeout.TotalMilliseconds:0} ms."));
        }
    }

    private void CommitAndReport(List<TopicPartitionOffset> offsets)
    {
        List<TopicPartitionOffsetError> results;
        try
        {
            results = _core.CommitAsync(offsets, CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (KafkaException ex)
        {
            ReportCommit([.. offsets.Select(o => new TopicPartitionOffsetError(o, ex.Error))], ex.Error);
            throw;
        }

        var failed = results.FirstOrDefault(r => r.Error.IsError);
        ReportCommit(results, failed?.Error ?? new Error(ErrorCode.NoError));
        if (failed is not null)
        {
            throw new KafkaException(new Error(failed.Error.Code, $"Commit failed for {failed.TopicPartition}: {failed.Error}"));
        }
    }

    private void CommitStoredAndReport(IEnumerable<TopicPartition>? partitions)
    {
        var (results, error) = _core.CommitStoredAsync(partitions, CancellationToken.None).GetAwaiter().GetResult();
        if (results.Count > 0)
        {
            ReportCommit(results, error);
        }
    }

    private void ThrowIfClosed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _closed) != 0, this);
}
