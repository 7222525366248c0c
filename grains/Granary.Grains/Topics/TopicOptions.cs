// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Grains.Topics;

/// <summary>
/// The broker settings topics depend on: creation defaults, and the broker-level value behind each topic config
/// (keyed by the topic config name, e.g. <c>retention.ms</c> holding log.retention.ms's effective value).
/// The silo fills it from its BrokerOptions.
/// </summary>
public sealed class TopicOptions
{
    /// <summary><c>num.partitions</c>: partitions of an auto-created topic, and of a CreateTopics entry asking for -1.</summary>
    public int NumPartitions { get; set; } = 1;

    /// <summary><c>default.replication.factor</c>.</summary>
    public short DefaultReplicationFactor { get; set; } = 1;

    /// <summary><c>auto.create.topics.enable</c>.</summary>
    public bool AutoCreateTopicsEnable { get; set; } = true;

    /// <summary><c>delete.topic.enable</c>: when false DeleteTopics answers TOPIC_DELETION_DISABLED.</summary>
    public bool DeleteTopicEnable { get; set; } = true;

    /// <summary>Broker-level values of topic configs (topic config name → value); a missing key takes Kafka's default.</summary>
    public IDictionary<string, string> BrokerDefaults { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Throws naming the key and allowed range when a value is out of range.</summary>
    public void Validate()
    {
        if (NumPartitions < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(NumPartitions), NumPartitions, "num.partitions must be in [1, 2147483647].");
        }

        if (DefaultReplicationFactor < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(DefaultReplicationFactor), DefaultReplicationFactor, "default.replication.factor must be in [1, 32767].");
        }

        foreach (var (name, value) in BrokerDefaults)
        {
            if (TopicConfigCatalog.Check(name, value) is { } error)
            {
                throw new ArgumentException(error, nameof(BrokerDefaults));
            }
        }
    }
}
