// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Client.Network;
using Granary.Protocol.Records;

namespace Granary.Client.Producing;

/// <summary>The producer behind <see cref="IProducer{TKey,TValue}"/>: serializes, then hands bytes to <see cref="ProducerCore"/>.</summary>
internal sealed class Producer<TKey, TValue> : IProducer<TKey, TValue>
{
    private const string TransactionsUnsupported = "Transactions are not supported by the broker yet.";

    private readonly ProducerCore _core;
    private readonly ISerializer<TKey>? _keySerializer;
    private readonly ISerializer<TValue>? _valueSerializer;
    private readonly IAsyncSerializer<TKey>? _asyncKeySerializer;
    private readonly IAsyncSerializer<TValue>? _asyncValueSerializer;
    private readonly Dictionary<string, PartitionerDelegate> _partitioners;
    private readonly PartitionerDelegate? _defaultPartitioner;
    private readonly Action<IProducer<TKey, TValue>, Error>? _errorHandler;
    private int _disposed;

    public Producer(ProducerBuilder<TKey, TValue> builder, KafkaCluster cluster, ProducerSettings settings, string name, TimeProvider time)
    {
        _core = new ProducerCore(cluster, settings, time);
        _keySerializer = builder.KeySerializer;
        _valueSerializer = builder.ValueSerializer;
        _asyncKeySerializer = builder.AsyncKeySerializer;
        _asyncValueSerializer = builder.AsyncValueSerializer;
        _partitioners = new Dictionary<string, PartitionerDelegate>(builder.Partitioners, StringComparer.Ordinal);
        _defaultPartitioner = builder.DefaultPartitioner;
        _errorHandler = builder.ErrorHandler;
        Name = name;
    }

    public string Name { get; }

    public Task<DeliveryResult<TKey, TValue>> ProduceAsync(string topic, Message<TKey, TValue> message, CancellationToken cancellationToken = default) =>
        TrackedProduceAsync(topic, Partition.Any, message, cancellationToken);

    public Task<DeliveryResult<TKey, TValue>> ProduceAsync(TopicPartition topicPartition, Message<TKey, TValue> message, CancellationToken cancellationToken = default) =>
        TrackedProduceAsync(topicPartition.Topic, topicPartition.Partition, message, cancellationToken);

    public void Produce(string topic, Message<TKey, TValue> message, Action<DeliveryReport<TKey, TValue>>? deliveryHandler = null) =>
        _ = ProduceWithHandlerAsync(topic, Partition.Any, message, deliveryHandler);

    public void Produce(TopicPartition topicPartition, Message<TKey, TValue> message, Action<DeliveryReport<TKey, TValue>>? deliveryHandler = null) =>
        _ = ProduceWithHandlerAsync(topicPartition.Topic, topicPartition.Partition, message, deliveryHandler);

    /// <summary>Delivery reports are served by the producer's own tasks (background poll), so there is nothing to serve here.</summary>
    public int Poll(TimeSpan timeout) => 0;

    public int Flush(TimeSpan timeout) => _core.Flush(timeout, CancellationToken.None);

    public void Flush(CancellationToken cancellationToken = default)
    {
        while (_core.Flush(TimeSpan.FromMilliseconds(100), cancellationToken) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    public void InitTransactions(TimeSpan timeout) => throw NotSupported();

    public void BeginTransaction() => throw NotSupported();

    public void CommitTransaction(TimeSpan timeout) => throw NotSupported();

    public void CommitTransaction() => throw NotSupported();

    public void AbortTransaction(TimeSpan timeout) => throw NotSupported();

    public void AbortTransaction() => throw NotSupported();

    public void SendOffsetsToTransaction(IEnumerable<TopicPartitionOffset> offsets, IConsumerGroupMetadata groupMetadata, TimeSpan timeout) => throw NotSupported();

    /// <summary>Like Confluent's, Dispose does not flush; records still queued fail with Local_Destroy.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            // Closing sockets and stopping the partition senders is asynchronous; it must not block the caller's thread.
            _ = _core.DisposeAsync().AsTask();
        }
    }

    private static KafkaException NotSupported() => new(new Error(ErrorCode.Local_NotImplemented, TransactionsUnsupported));

    private async Task<DeliveryResult<TKey, TValue>> TrackedProduceAsync(string topic, Partition partition, Message<TKey, TValue> message, CancellationToken cancellationToken)
    {
        _core.BeginInFlight();
        try
        {
            return await ProduceCoreAsync(topic, partition, message, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _core.EndInFlight();
        }
    }

    private async Task ProduceWithHandlerAsync(string topic, Partition partition, Message<TKey, TValue> message, Action<DeliveryReport<TKey, TValue>>? handler)
    {
        _core.BeginInFlight();
        try
        {
            await ProduceAndReportAsync(topic, partition, message, handler).ConfigureAwait(false);
        }
        finally
        {
            _core.EndInFlight();
        }
    }

    private async Task ProduceAndReportAsync(string topic, Partition partition, Message<TKey, TValue> message, Action<DeliveryReport<TKey, TValue>>? handler)
    {
        DeliveryReport<TKey, TValue> report;
        try
        {
            var result = await ProduceCoreAsync(topic, partition, message, CancellationToken.None).ConfigureAwait(false);
            report = new DeliveryReport<TKey, TValue> { Message = message, TopicPartitionOffset = result.TopicPartitionOffset, Status = result.Status };
        }
        catch (ProduceException<TKey, TValue> ex)
        {
            report = new DeliveryReport<TKey, TValue>
            {
                Message = message, TopicPartitionOffset = ex.DeliveryResult.TopicPartitionOffset, Status = ex.DeliveryResult.Status, Error = ex.Error,
            };
        }
        catch (KafkaException ex)
        {
            report = new DeliveryReport<TKey, TValue> { Message = message, Topic = topic, Partition = partition, Offset = Offset.Unset, Error = ex.Error };
        }

        try
        {
            handler?.Invoke(report);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _errorHandler?.Invoke(this, new Error(ErrorCode.Local_Application, $"The delivery handler threw: {ex.Message}"));
        }
    }

    private async Task<DeliveryResult<TKey, TValue>> ProduceCoreAsync(string topic, Partition partition, Message<TKey, TValue> message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(message);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var failed = new DeliveryResult<TKey, TValue> { Message = message, Topic = topic, Partition = partition, Offset = Offset.Unset, Status = PersistenceStatus.NotPersisted };
        byte[]? key;
        byte[]? value;
        try
        {
            var keyContext = new SerializationContext(MessageComponentType.Key, topic, message.Headers);
            key = _asyncKeySerializer is not null ? await _asyncKeySerializer.SerializeAsync(message.Key, keyContext).ConfigureAwait(false) : _keySerializer!.Serialize(message.Key, keyContext);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new ProduceException<TKey, TValue>(new Error(ErrorCode.Local_KeySerialization, ex.Message), failed, ex);
        }

        try
        {
            var valueContext = new SerializationContext(MessageComponentType.Value, topic, message.Headers);
            value = _asyncValueSerializer is not null ? await _asyncValueSerializer.SerializeAsync(message.Value, valueContext).ConfigureAwait(false) : _valueSerializer!.Serialize(message.Value, valueContext);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new ProduceException<TKey, TValue>(new Error(ErrorCode.Local_ValueSerialization, ex.Message), failed, ex);
        }

        var timestamp = message.Timestamp.Type == TimestampType.NotAvailable
            ? _core.Time.GetUtcNow().ToUnixTimeMilliseconds()
            : message.Timestamp.UnixTimestampMs;
        var headers = message.Headers is null ? [] : message.Headers.Select(h => new RecordHeader(h.Key, h.GetValueBytes())).ToArray();
        var record = new PendingRecord(key, value, headers, timestamp, _core.Time.GetTimestamp());
        var partitioner = _partitioners.TryGetValue(topic, out var specific) ? specific : _defaultPartitioner;
        RecordOutcome outcome;
        try
        {
            outcome = await _core.ProduceAsync(topic, partition.Value, record, partitioner, cancellationToken).ConfigureAwait(false);
        }
        catch (KafkaException ex)
        {
            throw new ProduceException<TKey, TValue>(ex.Error, failed, ex);
        }

        var result = new DeliveryResult<TKey, TValue>
        {
            Message = message,
            Topic = topic,
            Partition = outcome.Partition,
            Offset = outcome.Offset,
            Status = outcome.Status,
        };
        if (message.Timestamp.Type == TimestampType.NotAvailable || outcome.LogAppendTimeMs >= 0)
        {
            message.Timestamp = outcome.LogAppendTimeMs >= 0
                ? new Timestamp(outcome.LogAppendTimeMs, TimestampType.LogAppendTime)
                : new Timestamp(timestamp, TimestampType.CreateTime);
        }

        return outcome.Error.IsError ? throw new ProduceException<TKey, TValue>(outcome.Error, result) : result;
    }
}
