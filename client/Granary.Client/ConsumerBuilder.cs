// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Client.Configuration;
using Granary.Client.Consuming;

namespace Granary.Client;

/// <summary>Builds a consumer, as Confluent.Kafka's <c>ConsumerBuilder</c> does.</summary>
public class ConsumerBuilder<TKey, TValue>
{
    private static int s_instances;
    private TimeProvider _time = TimeProvider.System;

    public ConsumerBuilder(IEnumerable<KeyValuePair<string, string>> config)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config;
    }

    internal IEnumerable<KeyValuePair<string, string>> Config { get; }

    internal IDeserializer<TKey>? KeyDeserializer { get; private set; }

    internal IDeserializer<TValue>? ValueDeserializer { get; private set; }

    internal IAsyncDeserializer<TKey>? AsyncKeyDeserializer { get; private set; }

    internal IAsyncDeserializer<TValue>? AsyncValueDeserializer { get; private set; }

    internal Action<IConsumer<TKey, TValue>, Error>? ErrorHandler { get; private set; }

    internal Action<IConsumer<TKey, TValue>, LogMessage>? LogHandler { get; private set; }

    internal Action<IConsumer<TKey, TValue>, string>? StatisticsHandler { get; private set; }

    internal Func<IConsumer<TKey, TValue>, List<TopicPartition>, IEnumerable<TopicPartitionOffset>>? PartitionsAssignedHandler { get; private set; }

    internal Func<IConsumer<TKey, TValue>, List<TopicPartitionOffset>, IEnumerable<TopicPartitionOffset>>? PartitionsRevokedHandler { get; private set; }

    internal Func<IConsumer<TKey, TValue>, List<TopicPartitionOffset>, IEnumerable<TopicPartitionOffset>>? PartitionsLostHandler { get; private set; }

    internal Action<IConsumer<TKey, TValue>, CommittedOffsets>? OffsetsCommittedHandler { get; private set; }

    internal List<IConsumerInterceptor<TKey, TValue>> Interceptors { get; } = [];

    internal TimeProvider Time => _time;

    public ConsumerBuilder<TKey, TValue> SetKeyDeserializer(IDeserializer<TKey> deserializer)
    {
        EnsureUnset(KeyDeserializer ?? (object?)AsyncKeyDeserializer, "Key deserializer");
        KeyDeserializer = deserializer;
        return this;
    }

    public ConsumerBuilder<TKey, TValue> SetKeyDeserializer(IAsyncDeserializer<TKey> deserializer)
    {
        EnsureUnset(KeyDeserializer ?? (object?)AsyncKeyDeserializer, "Key deserializer");
        AsyncKeyDeserializer = deserializer;
        return this;
    }

    public ConsumerBuilder<TKey, TValue> SetValueDeserializer(IDeserializer<TValue> deserializer)
    {
        EnsureUnset(ValueDeserializer ?? (object?)AsyncValueDeserializer, "Value deserializer");
        ValueDeserializer = deserializer;
        return this;
    }

    public ConsumerBuilder<TKey, TValue> SetValueDeserializer(IAsyncDeserializer<TValue> deserializer)
    {
        EnsureUnset(ValueDeserializer ?? (object?)AsyncValueDeserializer, "Value deserializer");
        AsyncValueDeserializer = deserializer;
        return this;
    }

    public ConsumerBuilder<TKey, TValue> SetErrorHandler(Action<IConsumer<TKey, TValue>, Error> errorHandler)
    {
        EnsureUnset(ErrorHandler, "Error handler");
        ErrorHandler = errorHandler;
        return this;
    }

    public ConsumerBuilder<TKey, TValue> SetLogHandler(Action<IConsumer<TKey, TValue>, LogMessage> logHandler)
    {
        EnsureUnset(LogHandler, "Log handler");
        LogHandler = logHandler;
        return this;
    }

    /// <summary>Receives a JSON statistics document every statistics.interval.ms (librdkafka's subset).</summary>
    public ConsumerBuilder<TKey, TValue> SetStatisticsHandler(Action<IConsumer<TKey, TValue>, string> statisticsHandler)
    {
        EnsureUnset(StatisticsHandler, "Statistics handler");
        StatisticsHandler = statisticsHandler;
        return this;
    }

    /// <summary>Called with the newly assigned partitions; the returned offsets say where to start each one.</summary>
    public ConsumerBuilder<TKey, TValue> SetPartitionsAssignedHandler(
        Func<IConsumer<TKey, TValue>, List<TopicPartition>, IEnumerable<TopicPartitionOffset>> partitionsAssignedHandler)
    {
        EnsureUnset(PartitionsAssignedHandler, "Partitions assigned handler");
        PartitionsAssignedHandler = partitionsAssignedHandler;
        return this;
    }

    public ConsumerBuilder<TKey, TValue> SetPartitionsAssignedHandler(Action<IConsumer<TKey, TValue>, List<TopicPartition>> partitionAssignmentHandler)
    {
        ArgumentNullException.ThrowIfNull(partitionAssignmentHandler);
        return SetPartitionsAssignedHandler((consumer, partitions) =>
        {
            partitionAssignmentHandler(consumer, partitions);
            return partitions.Select(p => new TopicPartitionOffset(p, Offset.Unset)).ToList();
        });
    }

    /// <summary>Called with the partitions being revoked, while their offsets can still be committed.</summary>
    public ConsumerBuilder<TKey, TValue> SetPartitionsRevokedHandler(
        Func<IConsumer<TKey, TValue>, List<TopicPartitionOffset>, IEnumerable<TopicPartitionOffset>> partitionsRevokedHandler)
    {
        EnsureUnset(PartitionsRevokedHandler, "Partitions revoked handler");
        PartitionsRevokedHandler = partitionsRevokedHandler;
        return this;
    }

    public ConsumerBuilder<TKey, TValue> SetPartitionsRevokedHandler(Action<IConsumer<TKey, TValue>, List<TopicPartitionOffset>> partitionsRevokedHandler)
    {
        ArgumentNullException.ThrowIfNull(partitionsRevokedHandler);
        return SetPartitionsRevokedHandler((consumer, partitions) =>
        {
            partitionsRevokedHandler(consumer, partitions);
            return [];
        });
    }

    /// <summary>
    /// Called when partitions were lost without a chance to commit (session expiry, max.poll.interval.ms passed,
    /// fenced); without it the revoked handler is called instead, as in Confluent.Kafka.
    /// </summary>
    public ConsumerBuilder<TKey, TValue> SetPartitionsLostHandler(
        Func<IConsumer<TKey, TValue>, List<TopicPartitionOffset>, IEnumerable<TopicPartitionOffset>> partitionsLostHandler)
    {
        EnsureUnset(PartitionsLostHandler, "Partitions lost handler");
        PartitionsLostHandler = partitionsLostHandler;
        return this;
    }

    public ConsumerBuilder<TKey, TValue> SetPartitionsLostHandler(Action<IConsumer<TKey, TValue>, List<TopicPartitionOffset>> partitionsLostHandler)
    {
        ArgumentNullException.ThrowIfNull(partitionsLostHandler);
        return SetPartitionsLostHandler((consumer, partitions) =>
        {
            partitionsLostHandler(consumer, partitions);
            return [];
        });
    }

    public ConsumerBuilder<TKey, TValue> SetOffsetsCommittedHandler(Action<IConsumer<TKey, TValue>, CommittedOffsets> offsetsCommittedHandler)
    {
        EnsureUnset(OffsetsCommittedHandler, "Offsets committed handler");
        OffsetsCommittedHandler = offsetsCommittedHandler;
        return this;
    }

    /// <summary>Adds an interceptor; interceptors run in the order added.</summary>
    public ConsumerBuilder<TKey, TValue> AddInterceptor(IConsumerInterceptor<TKey, TValue> interceptor)
    {
        ArgumentNullException.ThrowIfNull(interceptor);
        Interceptors.Add(interceptor);
        return this;
    }

    public virtual IConsumer<TKey, TValue> Build()
    {
        var resolved = ConfigValidator.Validate(Config);
        var settings = ConsumerSettings.From(resolved);
        if (KeyDeserializer is null && AsyncKeyDeserializer is null)
        {
            KeyDeserializer = DefaultDeserializer<TKey>("Key");
        }

        if (ValueDeserializer is null && AsyncValueDeserializer is null)
        {
            ValueDeserializer = DefaultDeserializer<TValue>("Value");
        }

        var name = $"{resolved.GetString("client.id")}#consumer-{Interlocked.Increment(ref s_instances)}";
        return new Consumer<TKey, TValue>(this, resolved, settings, name);
    }

    internal ConsumerBuilder<TKey, TValue> SetTimeProvider(TimeProvider time)
    {
        _time = time;
        return this;
    }

    private static IDeserializer<T> DefaultDeserializer<T>(string what) => typeof(T) switch
    {
        var t when t == typeof(string) => (IDeserializer<T>)Deserializers.Utf8,
        var t when t == typeof(Null) => (IDeserializer<T>)Deserializers.Null,
        var t when t == typeof(Ignore) => (IDeserializer<T>)Deserializers.Ignore,
        var t when t == typeof(int) => (IDeserializer<T>)Deserializers.Int32,
        var t when t == typeof(long) => (IDeserializer<T>)Deserializers.Int64,
        var t when t == typeof(float) => (IDeserializer<T>)Deserializers.Single,
        var t when t == typeof(double) => (IDeserializer<T>)Deserializers.Double,
        var t when t == typeof(byte[]) => (IDeserializer<T>)Deserializers.ByteArray,
        _ => throw new InvalidOperationException($"{what} deserializer not specified and there is no default deserializer defined for type {typeof(T).Name}."),
    };

    private static void EnsureUnset(object? current, string what)
    {
        if (current is not null)
        {
            throw new InvalidOperationException($"{what} may not be specified more than once.");
        }
    }
}
