// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Client.Configuration;
using ProtocolCompression = Granary.Protocol.Records.CompressionType;

namespace Granary.Client.Producing;

/// <summary>The producer settings read from a validated config.</summary>
internal sealed record ProducerSettings
{
    /// <summary>Kafka's limit: the broker keeps the last five batches per producer to detect duplicates.</summary>
    public const int IdempotentMaxInFlight = 5;

    public short Acks { get; init; } = -1;

    public bool Idempotent { get; init; } = true;

    public TimeSpan Linger { get; init; } = TimeSpan.FromMilliseconds(5);

    public int BatchSize { get; init; } = 1000000;

    public int BatchNumMessages { get; init; } = 10000;

    public ProtocolCompression Compression { get; init; }

    public TimeSpan MessageTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>topic.metadata.propagation.max.ms: how long a topic the broker is still creating is waited for.</summary>
    public TimeSpan TopicPropagation { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>max.block.ms: how long ProduceAsync waits for buffer space before Local_QueueFull.</summary>
    public TimeSpan MaxBlock { get; init; } = TimeSpan.FromMinutes(1);

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan RetryBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan RetryBackoffMax { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The wait before retry number <paramref name="attempt"/> (0 first): retry.backoff.ms doubled per attempt, capped at retry.backoff.max.ms.</summary>
    public TimeSpan Backoff(int attempt)
    {
        var backoff = RetryBackoff * Math.Pow(2, Math.Min(attempt, 10));
        return backoff < RetryBackoffMax ? backoff : RetryBackoffMax;
    }

    public int MaxRetries { get; init; } = int.MaxValue;

    /// <summary>Batches of one partition outstanding at once (max.in.flight.requests.per.connection, at most 5 with idempotence).</summary>
    public int MaxInFlight { get; init; } = IdempotentMaxInFlight;

    /// <summary>queue.buffering.max.messages: records accepted and not yet delivered (0: no limit).</summary>
    public int QueueMaxMessages { get; init; } = 100000;

    /// <summary>queue.buffering.max.kbytes, in bytes.</summary>
    public long QueueMaxBytes { get; init; } = 1048576L * 1024;

    public static ProducerSettings From(ResolvedConfig config)
    {
        var idempotent = config.GetBoolean("enable.idempotence");
        var acks = (short)config.GetInt32("acks");
        if (idempotent && config.IsSet("acks") && acks != -1)
        {
            throw new ArgumentException("Configuration property \"acks\" must be all (-1) when \"enable.idempotence\" is true.", "acks");
        }

        var maxInFlight = config.GetInt32("max.in.flight.requests.per.connection");
        if (idempotent && maxInFlight > IdempotentMaxInFlight)
        {
            if (config.IsSet("max.in.flight.requests.per.connection"))
            {
                throw new ArgumentException(
                    $"Configuration property \"max.in.flight.requests.per.connection\" must be in [1, {IdempotentMaxInFlight}] when \"enable.idempotence\" is true, got {maxInFlight}.",
                    "max.in.flight.requests.per.connection");
            }

            maxInFlight = IdempotentMaxInFlight;
        }

        return new ProducerSettings
        {
            MaxInFlight = maxInFlight,
            QueueMaxMessages = config.GetInt32("queue.buffering.max.messages"),
            QueueMaxBytes = config.GetInt64("queue.buffering.max.kbytes") * 1024,
            Acks = acks,
            Idempotent = idempotent,
            Linger = TimeSpan.FromMilliseconds(config.GetDouble("linger.ms")),
            BatchSize = config.GetInt32("batch.size"),
            BatchNumMessages = config.GetInt32("batch.num.messages"),
            Compression = config.GetString("compression.type") switch
            {
                "gzip" => ProtocolCompression.Gzip,
                "snappy" => ProtocolCompression.Snappy,
                "lz4" => ProtocolCompression.Lz4,
                "zstd" => ProtocolCompression.Zstd,
                _ => ProtocolCompression.None,
            },
            MessageTimeout = TimeSpan.FromMilliseconds(config.GetInt64("message.timeout.ms")),
            MaxBlock = TimeSpan.FromMilliseconds(config.GetInt64("max.block.ms")),
            TopicPropagation = TimeSpan.FromMilliseconds(config.GetInt64("topic.metadata.propagation.max.ms")),
            RequestTimeout = TimeSpan.FromMilliseconds(config.GetInt64("request.timeout.ms")),
            RetryBackoff = TimeSpan.FromMilliseconds(config.GetInt64("retry.backoff.ms")),
            RetryBackoffMax = TimeSpan.FromMilliseconds(config.GetInt64("retry.backoff.max.ms")),
            MaxRetries = config.GetInt32("retries"),
        };
    }
}
