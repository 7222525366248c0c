// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>A topic to create: name, partition count, replication factor or explicit assignment, and topic configs.</summary>
public class TopicSpecification
{
    public string Name { get; set; } = string.Empty;

    /// <summary>The number of partitions; -1 uses the broker's num.partitions.</summary>
    public int NumPartitions { get; set; } = -1;

    /// <summary>The replication factor; -1 uses the broker's default.replication.factor.</summary>
    public short ReplicationFactor { get; set; } = -1;

    /// <summary>Partition to broker ids; when set, NumPartitions and ReplicationFactor must be -1.</summary>
    public Dictionary<int, List<int>>? ReplicasAssignment { get; set; }

    /// <summary>Topic configuration (Kafka names, such as cleanup.policy or retention.ms).</summary>
    public Dictionary<string, string>? Configs { get; set; }
}
