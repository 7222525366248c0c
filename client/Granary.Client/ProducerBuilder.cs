// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Client.Configuration;
using Granary.Client.Network;
using Granary.Client.Producing;

namespace Granary.Client;

/// <summary>Builds an <see cref="IProducer{TKey,TValue}"/> (Confluent.Kafka's ProducerBuilder shape).</summary>
public class ProducerBuilder<TKey, TValue>
{
    private TimeProvider _time = TimeProvider.System;

    public ProducerBuilder(IEnumerable<KeyValuePair<string, string>> config)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config;
    }

    internal IEnumerable<KeyValuePair<string, string>> Config { get; }

    internal ISerializer<TKey>? KeySerializer { get; private set; }

    internal ISerializer<TValue>? ValueSerializer { get; private set; }

    internal IAsyncSerializer<TKey>? AsyncKeySerializer { get; private set; }

    internal IAsyncSerializer<TValue>? AsyncValueSerializer { get; private set; }

    internal Dictionary<string, PartitionerDelegate> Partitioners { get; } = new(StringComparer.Ordinal);

    internal PartitionerDelegate? DefaultPartitioner { get; private set; }

    internal Action<IProducer<TKey, TValue>, Error>? ErrorHandler { get; private set; }

    internal Action<IProducer<TKey, TValue>, LogMessage>? LogHandler { get; private set; }

    internal List<IProducerInterceptor<TKey, TValue>> Interceptors { get; } = [];

    public ProducerBuilder<TKey, TValue> SetKeySerializer(ISerializer<TKey> serializer)
    {
        EnsureUnset(KeySerializer ?? (object?)AsyncKeySerializer, "Key serializer");
        KeySerializer = serializer;
        return this;
    }

    public ProducerBuilder<TKey, TValue> SetKeySerializer(IAsyncSerializer<TKey> serializer)
    {
        EnsureUnset(KeySerializer ?? (object?)AsyncKeySerializer, "Key serializer");
        AsyncKeySerializer = serializer;
        return this;
    }

    public ProducerBuilder<TKey, TValue> SetValueSerializer(ISerializer<TValue> serializer)
    {
        EnsureUnset(ValueSerializer ?? (object?)AsyncValueSerializer, "Value serializer");
        ValueSerializer = serializer;
        return this;
    }

    public ProducerBuilder<TKey, TValue> SetValueSerializer(IAsyncSerializer<TValue> serializer)
    {
        EnsureUnset(ValueSerializer ?? (object?)AsyncValueSerializer, "Value serializer");
        AsyncValueSerializer = serializer;
        return this;
    }

    public ProducerBuilder<TKey, TValue> SetErrorHandler(Action<IProducer<TKey, TValue>, Error> errorHandler)
    {
        EnsureUnset(ErrorHandler, "Error handler");
        ErrorHandler = errorHandler;
        return this;
    }

    public ProducerBuilder<TKey, TValue> SetLogHandler(Action<IProducer<TKey, TValue>, LogMessage> logHandler)
    {
        EnsureUnset(LogHandler, "Log handler");
        LogHandler = logHandler;
        return this;
    }

    /// <summary>Adds an interceptor (see <see cref="IProducerInterceptor{TKey,TValue}"/>); several run in the order added.</summary>
    public ProducerBuilder<TKey, TValue> AddInterceptor(IProducerInterceptor<TKey, TValue> interceptor)
    {
        ArgumentNullException.ThrowIfNull(interceptor);
        Interceptors.Add(interceptor);
        return this;
    }

    public ProducerBuilder<TKey, TValue> SetPartitioner(string topic, PartitionerDelegate partitioner)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        if (!Partitioners.TryAdd(topic, partitioner))
        {
            throw new ArgumentException($"Custom partitioner for {topic} already specified.", nameof(topic));
        }

        return this;
    }

    public ProducerBuilder<TKey, TValue> SetDefaultPartitioner(PartitionerDelegate partitioner)
    {
        EnsureUnset(DefaultPartitioner, "Default partitioner");
        DefaultPartitioner = partitioner;
        return this;
    }

    /// <summary>Validates the configuration (unknown names and bad values throw ArgumentException) and creates the producer.</summary>
    public virtual IProducer<TKey, TValue> Build()
    {
        var resolved = ConfigValidator.Validate(Config);
        var settings = ProducerSettings.From(resolved);
        var options = ClusterOptions.From(resolved);
        if (!resolved.IsSet("allow.auto.create.topics"))
        {
            // librdkafka's default for this property is true in a producer (false in a consumer), as the Java
            // producer always asks: producing to a new topic creates it where the broker allows that.
            options = options with { AllowAutoCreateTopics = true };
        }

        var cluster = new KafkaCluster(options, _time);
        KeySerializer ??= AsyncKeySerializer is null ? DefaultSerializer<TKey>("Key") : null;
        ValueSerializer ??= AsyncValueSerializer is null ? DefaultSerializer<TValue>("Value") : null;
        var name = $"{resolved.GetString("client.id")}#producer-{Interlocked.Increment(ref s_instances)}";
        return new Producer<TKey, TValue>(this, cluster, settings, name, _time);
    }

    internal ProducerBuilder<TKey, TValue> SetTimeProvider(TimeProvider time)
    {
        _time = time;
        return this;
    }

    private static int s_instances;

    private static ISerializer<T> DefaultSerializer<T>(string what) => typeof(T) switch
    {
        var t when t == typeof(string) => (ISerializer<T>)Serializers.Utf8,
        var t when t == typeof(Null) => (ISerializer<T>)Serializers.Null,
        var t when t == typeof(int) => (ISerializer<T>)Serializers.Int32,
        var t when t == typeof(long) => (ISerializer<T>)Serializers.Int64,
        var t when t == typeof(float) => (ISerializer<T>)Serializers.Single,
        var t when t == typeof(double) => (ISerializer<T>)Serializers.Double,
        var t when t == typeof(byte[]) => (ISerializer<T>)Serializers.ByteArray,
        _ => throw new InvalidOperationException($"{what} serializer not specified and there is no default serializer defined for type {typeof(T).Name}."),
    };

    private static void EnsureUnset(object? current, string what)
    {
        if (current is not null)
        {
            throw new InvalidOperationException($"{what} may not be specified more than once.");
        }
    }
}
