// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Client.Diagnostics;
using Granary.Client.Network;
using Granary.Protocol.Records;

namespace Granary.Client.Producing;

/// <summary>
/// The producer behind <see cref="IProducer{TKey,TValue}"/>: runs interceptors, serializes, takes buffer space and
/// hands bytes to <see cref="ProducerCore"/>. With synchronous serializers neither Produce nor ProduceAsync allocates
/// an async state machine per record; Produce never waits for anything (a full buffer throws Local_QueueFull at
/// once, as Confluent.Kafka does), while ProduceAsync waits asynchronously for buffer space up to max.block.ms
/// (the Java client's setting; librdkafka has none).
/// </summary>
internal sealed class Producer<TKey, TValue> : IProducer<TKey, TValue>
{
    private const string TransactionsUnsupported = "Transactions are not supported by the broker yet.";

    private static readonly RecordHeader[] NoHeaders = [];

    private readonly ProducerCore _core;
    private readonly ISerializer<TKey>? _keySerializer;
    private readonly ISerializer<TValue>? _valueSerializer;
    private readonly IAsyncSerializer<TKey>? _asyncKeySerializer;
    private readonly IAsyncSerializer<TValue>? _asyncValueSerializer;
    private readonly Dictionary<string, PartitionerDelegate> _partitioners;
    private readonly PartitionerDelegate? _defaultPartitioner;
    private readonly Action<IProducer<TKey, TValue>, Error>? _errorHandler;
    private readonly Action<IProducer<TKey, TValue>, LogMessage>? _logHandler;

    private readonly IProducerInterceptor<TKey, TValue>[] _interceptors;
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
        _logHandler = builder.LogHandler;
        _interceptors = [.. builder.Interceptors];
        _core.Fatal += OnFatal;
        Name = name;
    }

    public string Name { get; }

    /// <summary>The byte-level core (tests observe buffer and in-flight counts through it).</summary>
    internal ProducerCore Core => _core;

    private bool HasAsyncSerializer => _asyncKeySerializer is not null || _asyncValueSerializer is not null;

    public Task<DeliveryResult<TKey, TValue>> ProduceAsync(string topic, Message<TKey, TValue> message, CancellationToken cancellationToken = default) =>
        ProduceAsync(topic, Partition.Any, message, cancellationToken);

    public Task<DeliveryResult<TKey, TValue>> ProduceAsync(TopicPartition topicPartition, Message<TKey, TValue> message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(topicPartition);
        return ProduceAsync(topicPartition.Topic, topicPartition.Partition, message, cancellationToken);
    }

    public void Produce(string topic, Message<TKey, TValue> message, Action<DeliveryReport<TKey, TValue>>? deliveryHandler = null) =>
        Produce(topic, Partition.Any, message, deliveryHandler);

    public void Produce(TopicPartition topicPartition, Message<TKey, TValue> message, Action<DeliveryReport<TKey, TValue>>? deliveryHandler = null)
    {
        ArgumentNullException.ThrowIfNull(topicPartition);
        Produce(topicPartition.Topic, topicPartition.Partition, message, deliveryHandler);
    }

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

    /// <summary>Reports a record's outcome: interceptors, then the delivery handler or the ProduceAsync task (under ProducerCore.ReportLock).</summary>
    internal void Deliver(Delivery<TKey, TValue> delivery, in RecordOutcome outcome)
    {
        ProducerTracing.Complete(delivery.SendActivity, outcome.Partition, outcome.Offset, outcome.Error);
        var message = delivery.Message;
        if (message.Timestamp.Type == TimestampType.NotAvailable || outcome.LogAppendTimeMs >= 0)
        {
            message.Timestamp = outcome.LogAppendTimeMs >= 0
                ? new Timestamp(outcome.LogAppendTimeMs, TimestampType.LogAppendTime)
                : new Timestamp(delivery.CreateTime, TimestampType.CreateTime);
        }

        if (delivery.Handler is null && delivery.Task is null && _interceptors.Length == 0)
        {
            return;
        }

        // The record is its own report (its message and topic are already set).
        delivery.Partition = outcome.Partition;
        delivery.Offset = outcome.Offset;
        delivery.Status = outcome.Status;
        delivery.Error = outcome.Error;

        // The caller holds ProducerCore.ReportLock, so reports and interceptors never run concurrently.
        Report(delivery, delivery, outcome.Error);
    }

    private void Report(Delivery<TKey, TValue> delivery, DeliveryReport<TKey, TValue> report, Error error)
    {
        foreach (var interceptor in _interceptors)
        {
            try
            {
                interceptor.OnAcknowledgement(report, error);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Log(SyslogLevel.Warning, "INTERCEPTOR", $"{interceptor.GetType().Name}.OnAcknowledgement threw: {ex.Message}");
            }
        }

        if (delivery.Task is { } task)
        {
            if (error.IsError)
            {
                task.TrySetException(new ProduceException<TKey, TValue>(error, report));
            }
            else
            {
                task.TrySetResult(report);
            }

            return;
        }

        try
        {
            delivery.Handler?.Invoke(report);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _errorHandler?.Invoke(this, new Error(ErrorCode.Local_Application, $"The delivery handler threw: {ex.Message}"));
        }
    }

    private static KafkaException NotSupported() => new(new Error(ErrorCode.Local_NotImplemented, TransactionsUnsupported));

    private Task<DeliveryResult<TKey, TValue>> ProduceAsync(string topic, Partition partition, Message<TKey, TValue> message, CancellationToken cancellationToken)
    {
        if (HasAsyncSerializer)
        {
            return ProduceWithAsyncSerializersAsync(topic, partition, message, cancellationToken);
        }

        Delivery<TKey, TValue> delivery;
        try
        {
            delivery = Prepare(topic, partition, message, null, awaited: true);
        }
        catch (Exception ex) when (ex is KafkaException or ArgumentException or ObjectDisposedException)
        {
            return Task.FromException<DeliveryResult<TKey, TValue>>(ex);
        }

        if (!_core.TryAccept(delivery))
        {
            return AcceptAndRouteAsync(delivery, partition, cancellationToken);
        }

        Route(delivery, partition);
        return cancellationToken.CanBeCanceled ? delivery.Task!.Task.WaitAsync(cancellationToken) : delivery.Task!.Task;
    }

    private async Task<DeliveryResult<TKey, TValue>> ProduceWithAsyncSerializersAsync(string topic, Partition partition, Message<TKey, TValue> message, CancellationToken cancellationToken)
    {
        var delivery = await PrepareWithAsyncSerializersAsync(topic, partition, message).ConfigureAwait(false);
        return await AcceptAndRouteAsync(delivery, partition, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DeliveryResult<TKey, TValue>> AcceptAndRouteAsync(Delivery<TKey, TValue> delivery, Partition partition, CancellationToken cancellationToken)
    {
        try
        {
            await _core.AcceptAsync(delivery, cancellationToken).ConfigureAwait(false);
        }
        catch (KafkaException ex)
        {
            ProducerTracing.Complete(delivery.SendActivity, partition.Value, Offset.Unset.Value, ex.Error);
            throw new ProduceException<TKey, TValue>(ex.Error, NotDelivered(delivery.Topic, partition, delivery.Message), ex);
        }

        Route(delivery, partition);
        return await delivery.Task!.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private void Produce(string topic, Partition partition, Message<TKey, TValue> message, Action<DeliveryReport<TKey, TValue>>? handler)
    {
        if (HasAsyncSerializer)
        {
            throw new InvalidOperationException("Produce requires synchronous serializers (ISerializer); use ProduceAsync with an IAsyncSerializer.");
        }

        var delivery = Prepare(topic, partition, message, handler, awaited: false);
        if (!_core.TryAccept(delivery))
        {
            var full = new Error(ErrorCode.Local_QueueFull, _core.QueueFullReason());
            ProducerTracing.Complete(delivery.SendActivity, partition.Value, Offset.Unset.Value, full);
            throw new ProduceException<TKey, TValue>(full, NotDelivered(topic, partition, message));
        }

        Route(delivery, partition);
    }

    private void Route(Delivery<TKey, TValue> delivery, Partition partition)
    {
        var partitioner = _partitioners.Count > 0 && _partitioners.TryGetValue(delivery.Topic, out var specific) ? specific : _defaultPartitioner;
        _core.Route(delivery.Topic, partition.Value, delivery, partitioner);
    }

    /// <summary>Checks, runs OnSend interceptors and serializes (synchronous serializers).</summary>
    private Delivery<TKey, TValue> Prepare(string topic, Partition partition, Message<TKey, TValue> message, Action<DeliveryReport<TKey, TValue>>? handler, bool awaited)
    {
        BeforeSerialize(topic, partition, message);
        byte[]? key;
        byte[]? value;
        try
        {
            key = _keySerializer!.Serialize(message.Key, new SerializationContext(MessageComponentType.Key, topic, message.Headers));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new ProduceException<TKey, TValue>(new Error(ErrorCode.Local_KeySerialization, ex.Message), NotDelivered(topic, partition, message), ex);
        }

        try
        {
            value = _valueSerializer!.Serialize(message.Value, new SerializationContext(MessageComponentType.Value, topic, message.Headers));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new ProduceException<TKey, TValue>(new Error(ErrorCode.Local_ValueSerialization, ex.Message), NotDelivered(topic, partition, message), ex);
        }

        return Create(topic, message, key, value, handler, awaited);
    }

    private async Task<Delivery<TKey, TValue>> PrepareWithAsyncSerializersAsync(string topic, Partition partition, Message<TKey, TValue> message)
    {
        BeforeSerialize(topic, partition, message);
        byte[]? key;
        byte[]? value;
        try
        {
            var context = new SerializationContext(MessageComponentType.Key, topic, message.Headers);
            key = _asyncKeySerializer is not null ? await _asyncKeySerializer.SerializeAsync(message.Key, context).ConfigureAwait(false) : _keySerializer!.Serialize(message.Key, context);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new ProduceException<TKey, TValue>(new Error(ErrorCode.Local_KeySerialization, ex.Message), NotDelivered(topic, partition, message), ex);
        }

        try
        {
            var context = new SerializationContext(MessageComponentType.Value, topic, message.Headers);
            value = _asyncValueSerializer is not null ? await _asyncValueSerializer.SerializeAsync(message.Value, context).ConfigureAwait(false) : _valueSerializer!.Serialize(message.Value, context);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new ProduceException<TKey, TValue>(new Error(ErrorCode.Local_ValueSerialization, ex.Message), NotDelivered(topic, partition, message), ex);
        }

        return Create(topic, message, key, value, null, awaited: true);
    }

    private void BeforeSerialize(string topic, Partition partition, Message<TKey, TValue> message)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(message);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_core.FatalError is { } fatal)
        {
            throw new ProduceException<TKey, TValue>(fatal, NotDelivered(topic, partition, message));
        }

        foreach (var interceptor in _interceptors)
        {
            try
            {
                interceptor.OnSend(message, new TopicPartition(topic, partition));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Log(SyslogLevel.Warning, "INTERCEPTOR", $"{interceptor.GetType().Name}.OnSend threw: {ex.Message}");
            }
        }
    }

    private Delivery<TKey, TValue> Create(string topic, Message<TKey, TValue> message, byte[]? key, byte[]? value, Action<DeliveryReport<TKey, TValue>>? handler, bool awaited)
    {
        // Without a timestamp of its own the record is stamped when accepted, from the same clock read as its enqueue time.
        var timestamp = message.Timestamp.Type == TimestampType.NotAvailable
            ? IPendingRecord.StampOnAccept
            : message.Timestamp.UnixTimestampMs;
        RecordHeader[] headers = NoHeaders;
        if (message.Headers is { Count: > 0 } source)
        {
            headers = new RecordHeader[source.Count];
            for (var i = 0; i < headers.Length; i++)
            {
                headers[i] = new RecordHeader(source[i].Key, source[i].GetValueBytes());
            }
        }

        var send = ProducerTracing.StartSend(topic, key);
        if (send is not null)
        {
            headers = ProducerTracing.WithTraceContext(send, headers);
        }

        return new Delivery<TKey, TValue>(this, topic, message, key, value, headers, timestamp, handler, awaited) { SendActivity = send };
    }

    private static DeliveryResult<TKey, TValue> NotDelivered(string topic, Partition partition, Message<TKey, TValue> message) =>
        new() { Message = message, Topic = topic, Partition = partition, Offset = Offset.Unset, Status = PersistenceStatus.NotPersisted };

    private void OnFatal(Error error)
    {
        try
        {
            _errorHandler?.Invoke(this, error);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log(SyslogLevel.Error, "ERROR", $"The error handler threw: {ex.Message}");
        }
    }

    /// <summary>To the log handler if set, else standard error (Confluent.Kafka's default log handler writes there too).</summary>
    private void Log(SyslogLevel level, string facility, string text)
    {
        var handler = _logHandler;
        if (handler is null)
        {
            Console.Error.WriteLine($"{level} {Name} [{facility}] {text}");
            return;
        }

        try
        {
            handler(this, new LogMessage(Name, level, facility, text));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"{level} {Name} [{facility}] {text} (the log handler threw: {ex.Message})");
        }
    }
}
