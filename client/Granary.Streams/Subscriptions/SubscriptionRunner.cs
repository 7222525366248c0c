// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Diagnostics.Metrics;
using Granary.Client;
using Granary.Client.Diagnostics;
using Granary.Streams.Delivery;
using Granary.Streams.Failures;
using Granary.Streams.Hosting;
using Microsoft.Extensions.Logging;

namespace Granary.Streams.Subscriptions;

/// <summary>
/// Runs one durable subscription: a consumer in the subscription's group reads the topic, one
/// <see cref="PartitionDeliveryEngine"/> per assigned partition delivers records to the handler, and the engines'
/// committable offsets are committed every CommitInterval, before partitions are revoked, and on stop. A rewind
/// token or time only applies to the first assignment, so a later rebalance resumes at the committed position.
/// If delivery of a partition stops (a record could be neither processed nor dead-lettered), the consumer is closed
/// and reopened after a backoff, resuming at the committed position: nothing is skipped.
/// </summary>
internal sealed partial class SubscriptionRunner : IAsyncDisposable
{
    private readonly SubscriptionSpec _spec;
    private readonly GranaryClient _client;
    private readonly GranaryStreamsOptions _options;
    private readonly RecordProcessor _processor;
    private readonly Func<Exception, Task>? _onError;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopFetching = new();
    private readonly CancellationTokenSource _stopHandlers = new();
    private readonly Dictionary<int, PartitionDeliveryEngine> _engines = [];
    private readonly Dictionary<int, long> _committed = [];
    private readonly Lock _lock = new();
    private IConsumer<byte[], byte[]>? _consumer;
    private bool _rewindPending;
    private Task? _loop;
    private IDisposable? _lagRegistration;

    public SubscriptionRunner(SubscriptionSpec spec, GranaryClient client, GranaryStreamsOptions options, Func<StreamRecord, int, CancellationToken, Task> handler, Func<Exception, Task>? onError, TimeProvider time, ILogger logger)
    {
        _spec = spec;
        _client = client;
        _options = options;
        _onError = onError;
        _time = time;
        _logger = logger;
        var deadLetters = options.DeadLetterEnabled ? new DeadLetterWriter(client.Producer, options.DeadLetterTopicSuffix) : null;
        Func<StreamRecord, int, CancellationToken, Task> filtered = spec.Key is null
            ? handler
            : (record, attempt, ct) => record.Key is not null && KeyComparer.Instance.Equals(record.Key, spec.Key) ? handler(record, attempt, ct) : Task.CompletedTask;
        _processor = new RecordProcessor(filtered, options.Retry, deadLetters, spec.GroupId, time, logger);
        _rewindPending = spec.Token is not null || spec.FromTime is not null;
    }

    public SubscriptionSpec Spec => _spec;

    /// <summary>The failure that made the subscription restart; cleared when partitions are assigned again.</summary>
    public Exception? LastError { get; private set; }

    /// <summary>Set when a consumer saw its first assignment (tests and the health check use it).</summary>
    public Task Assigned => _assigned.Task;

    private readonly TaskCompletionSource _assigned = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Start()
    {
        _lagRegistration = MessagingMetrics.RegisterLagSource(ObserveLag);
        _loop = Task.Run(RunAsync);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopFetching.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _lagRegistration?.Dispose();
        _stopFetching.Dispose();
        _stopHandlers.Dispose();
    }

    private async Task RunAsync()
    {
        var failures = 0;
        while (!_stopFetching.IsCancellationRequested)
        {
            try
            {
                await ConsumeAsync().ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (!_stopFetching.IsCancellationRequested)
            {
                failures++;
                LastError = ex;
                LogRestarting(_logger, _spec.GroupId, ex);
                if (_onError is not null)
                {
                    try
                    {
                        await _onError(ex).ConfigureAwait(false);
                    }
                    catch (Exception observerFailure)
                    {
                        LogObserverFailed(_logger, _spec.GroupId, observerFailure);
                    }
                }

                try
                {
                    await Task.Delay(_options.Retry.GetDelay(failures), _time, _stopFetching.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task ConsumeAsync()
    {
        var config = new Dictionary<string, string>(_options.ConsumerConfig, StringComparer.Ordinal)
        {
            ["group.id"] = _spec.GroupId,
            ["enable.auto.commit"] = "false",
            ["auto.offset.reset"] = _spec.StartPosition == StreamSubscriptionStartPosition.Earliest ? "earliest" : "latest",
        };
        var consumer = _client.CreateConsumerBuilder(config)
            .SetPartitionsAssignedHandler(OnAssigned)
            .SetPartitionsRevokedHandler(OnRevoked)
            .SetPartitionsLostHandler(OnLost)
            .Build();
        lock (_lock)
        {
            _consumer = consumer;
        }

        var stopped = false;
        try
        {
            consumer.Subscribe(_spec.Topic);
            var nextCommit = _time.GetTimestamp();
            var tick = NewTick();
            while (true)
            {
                ConsumeResult<byte[], byte[]>? result = null;
                try
                {
                    result = await consumer.ConsumeAsync(tick.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (_stopFetching.IsCancellationRequested)
                {
                    stopped = true;
                    break;
                }
                catch (OperationCanceledException) when (tick.IsCancellationRequested)
                {
                    // The commit tick: an idle subscription still commits and notices stopped partitions.
                    tick.Dispose();
                    tick = NewTick();
                }

                if (result is { IsPartitionEOF: false, Message: { } message })
                {
                    var record = new StreamRecord(result.Topic, result.Partition.Value, result.Offset.Value, message.Key, message.Value, message.Headers, message.Timestamp);
                    using (var receive = MessagingActivities.StartReceive(record.Topic, record.Partition, _spec.GroupId, record.Offset, record.Key, record.Headers))
                    {
                        record.ReceiveContext = receive?.Context ?? default;
                    }

                    var engine = EngineFor(record.Partition);
                    try
                    {
                        await engine.EnqueueAsync(record, _stopFetching.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (_stopFetching.IsCancellationRequested)
                    {
                        stopped = true;
                        break;
                    }
                }

                if (_time.GetElapsedTime(nextCommit) >= _options.CommitInterval)
                {
                    ThrowIfAnyFaulted();
                    CommitProcessed(consumer, null);
                    nextCommit = _time.GetTimestamp();
                }
            }

            tick.Dispose();
        }
        finally
        {
            await ShutDownAsync(consumer, drain: stopped).ConfigureAwait(false);
        }
    }

    private CancellationTokenSource NewTick()
    {
        var tick = CancellationTokenSource.CreateLinkedTokenSource(_stopFetching.Token);
        tick.CancelAfter(_options.CommitInterval);
        return tick;
    }

    private void ThrowIfAnyFaulted()
    {
        lock (_lock)
        {
            foreach (var (partition, engine) in _engines)
            {
                if (engine.Fault is { } fault)
                {
                    throw new StreamDeliveryException($"Delivery of {_spec.Topic}/{partition} stopped.", fault);
                }
            }
        }
    }

    private PartitionDeliveryEngine EngineFor(int partition)
    {
        lock (_lock)
        {
            if (!_engines.TryGetValue(partition, out var engine))
            {
                engine = new PartitionDeliveryEngine(_options.MaxConcurrency, _options.MaxInFlight, _processor.ProcessAsync, _stopHandlers.Token);
                _engines.Add(partition, engine);
            }

            if (engine.Fault is { } fault)
            {
                throw new StreamDeliveryException($"Delivery of {_spec.Topic}/{partition} stopped.", fault);
            }

            return engine;
        }
    }

    // Stopping drains running handlers (up to ShutdownTimeout) and commits what finished; after a failure only what finished is committed.
    private async Task ShutDownAsync(IConsumer<byte[], byte[]> consumer, bool drain)
    {
        List<PartitionDeliveryEngine> engines;
        lock (_lock)
        {
            engines = [.. _engines.Values];
        }

        if (drain)
        {
            try
            {
                await Task.WhenAll(engines.Select(e => e.DrainAsync())).WaitAsync(_options.ShutdownTimeout, _time).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is TimeoutException or StreamDeliveryException)
            {
                LogDrainIncomplete(_logger, _spec.GroupId, ex);
            }
        }

        await _stopHandlers.CancelAsync().ConfigureAwait(false);
        try
        {
            CommitProcessed(consumer, null);
            consumer.Close();
        }
        catch (Exception ex)
        {
            LogCloseFailed(_logger, _spec.GroupId, ex);
        }
        finally
        {
            consumer.Dispose();
            lock (_lock)
            {
                _consumer = null;
                _engines.Clear();
                _committed.Clear();
            }
        }
    }

    private void CommitProcessed(IConsumer<byte[], byte[]> consumer, IReadOnlyCollection<int>? only)
    {
        var offsets = new List<TopicPartitionOffset>();
        lock (_lock)
        {
            foreach (var (partition, engine) in _engines)
            {
                if (only is not null && !only.Contains(partition))
                {
                    continue;
                }

                var next = engine.CommittableOffset;
                if (next >= 0 && (!_committed.TryGetValue(partition, out var last) || last != next))
                {
                    offsets.Add(new TopicPartitionOffset(_spec.Topic, partition, next));
                }
            }
        }

        if (offsets.Count == 0)
        {
            return;
        }

        consumer.Commit(offsets);
        lock (_lock)
        {
            foreach (var offset in offsets)
            {
                _committed[offset.Partition.Value] = offset.Offset.Value;
            }
        }
    }

    private IEnumerable<TopicPartitionOffset> OnAssigned(IConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions)
    {
        var starts = partitions.Select(p => new TopicPartitionOffset(p, Offset.Unset)).ToList();
        if (_rewindPending)
        {
            _rewindPending = false;
            if (_spec.Token is { } token)
            {
                starts = [.. partitions.Select(p => new TopicPartitionOffset(p, p.Partition.Value == token.Partition ? new Offset(token.Offset) : Offset.Unset))];
            }
            else if (_spec.FromTime is { } from)
            {
                var found = consumer.OffsetsForTimes(partitions.Select(p => new TopicPartitionTimestamp(p, new Timestamp(from))), TimeSpan.FromSeconds(30));
                starts = [.. found.Select(f => new TopicPartitionOffset(f.TopicPartition, f.Offset.IsSpecial ? Offset.End : f.Offset))];
            }
        }

        LastError = null;
        _assigned.TrySetResult();
        return starts;
    }

    // Revocation waits for the partition's running records, so the next owner starts right after them.
    private void OnRevoked(IConsumer<byte[], byte[]> consumer, List<TopicPartitionOffset> partitions)
    {
        var revoked = partitions.Select(p => p.Partition.Value).ToList();
        List<PartitionDeliveryEngine> engines;
        lock (_lock)
        {
            engines = [.. revoked.Where(_engines.ContainsKey).Select(p => _engines[p])];
        }

        try
        {
            Task.WhenAll(engines.Select(e => e.DrainAsync())).Wait(_options.ShutdownTimeout);
        }
        catch (AggregateException ex)
        {
            LogDrainIncomplete(_logger, _spec.GroupId, ex);
        }

        try
        {
            CommitProcessed(consumer, revoked);
        }
        catch (KafkaException ex)
        {
            LogCloseFailed(_logger, _spec.GroupId, ex);
        }

        Forget(revoked);
    }

    private void OnLost(IConsumer<byte[], byte[]> consumer, List<TopicPartitionOffset> partitions) => Forget([.. partitions.Select(p => p.Partition.Value)]);

    // A dropped engine's running handlers still finish; records it held are fetched again by whoever owns the partition.
    private void Forget(List<int> partitions)
    {
        lock (_lock)
        {
            foreach (var partition in partitions)
            {
                _engines.Remove(partition);
                _committed.Remove(partition);
            }
        }
    }

    private IEnumerable<Measurement<long>> ObserveLag()
    {
        IConsumer<byte[], byte[]>? consumer;
        List<(int Partition, long Position)> positions;
        lock (_lock)
        {
            consumer = _consumer;
            positions = [.. _engines.Select(e => (e.Key, _committed.TryGetValue(e.Key, out var c) ? c : Math.Max(0, e.Value.CommittableOffset)))];
        }

        if (consumer is null)
        {
            yield break;
        }

        foreach (var (partition, position) in positions)
        {
            var high = consumer.GetWatermarkOffsets(new TopicPartition(_spec.Topic, partition)).High;
            if (!high.IsSpecial)
            {
                yield return new Measurement<long>(Math.Max(0, high.Value - position), MessagingMetrics.DestinationTags(_spec.Topic, partition, _spec.GroupId));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Subscription {Group} failed; reopening it at its committed position")]
    private static partial void LogRestarting(ILogger logger, string group, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The error handler of subscription {Group} threw")]
    private static partial void LogObserverFailed(ILogger logger, string group, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscription {Group}: running records did not finish before stopping; they will be delivered again")]
    private static partial void LogDrainIncomplete(ILogger logger, string group, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscription {Group}: committing or closing the consumer failed")]
    private static partial void LogCloseFailed(ILogger logger, string group, Exception exception);
}
