// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>Producer configuration (librdkafka property names).</summary>
public class ProducerConfig : ClientConfig
{
    public ProducerConfig()
    {
    }

    public ProducerConfig(ClientConfig config)
        : base(config)
    {
    }

    public ProducerConfig(IDictionary<string, string> config)
        : base(config)
    {
    }

    public bool? EnableIdempotence { get => GetBool("enable.idempotence"); set => SetObject("enable.idempotence", value); }

    public double? LingerMs { get => GetDouble("linger.ms"); set => SetObject("linger.ms", value); }

    public int? BatchSize { get => GetInt("batch.size"); set => SetObject("batch.size", value); }

    public int? BatchNumMessages { get => GetInt("batch.num.messages"); set => SetObject("batch.num.messages", value); }

    public CompressionType? CompressionType
    {
        get => (CompressionType?)GetEnum(typeof(CompressionType), "compression.type");
        set => SetObject("compression.type", value);
    }

    public int? CompressionLevel { get => GetInt("compression.level"); set => SetObject("compression.level", value); }

    public int? MessageTimeoutMs { get => GetInt("message.timeout.ms"); set => SetObject("message.timeout.ms", value); }

    public int? RequestTimeoutMs { get => GetInt("request.timeout.ms"); set => SetObject("request.timeout.ms", value); }

    public int? MessageSendMaxRetries { get => GetInt("message.send.max.retries"); set => SetObject("message.send.max.retries", value); }

    public int? RetryBackoffMs { get => GetInt("retry.backoff.ms"); set => SetObject("retry.backoff.ms", value); }

    public string? TransactionalId { get => Get("transactional.id"); set => SetObject("transactional.id", value); }

    public int? TransactionTimeoutMs { get => GetInt("transaction.timeout.ms"); set => SetObject("transaction.timeout.ms", value); }

    public int? QueueBufferingMaxKbytes { get => GetInt("queue.buffering.max.kbytes"); set => SetObject("queue.buffering.max.kbytes", value); }

    public int? QueueBufferingMaxMessages { get => GetInt("queue.buffering.max.messages"); set => SetObject("queue.buffering.max.messages", value); }

    public Partitioner? Partitioner
    {
        get => (Partitioner?)GetEnum(typeof(Partitioner), "partitioner");
        set => SetObject("partitioner", value);
    }

    public int? StickyPartitioningLingerMs { get => GetInt("sticky.partitioning.linger.ms"); set => SetObject("sticky.partitioning.linger.ms", value); }

    public bool? EnableDeliveryReports { get => GetBool("dotnet.producer.enable.delivery.reports"); set => SetObject("dotnet.producer.enable.delivery.reports", value); }

    public bool? EnableBackgroundPoll { get => GetBool("dotnet.producer.enable.background.poll"); set => SetObject("dotnet.producer.enable.background.poll", value); }
}
