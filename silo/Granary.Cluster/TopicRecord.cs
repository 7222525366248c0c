// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Cluster;

/// <summary>A topic row with its configuration overrides.</summary>
/// <param name="Name">Topic name.</param>
/// <param name="TopicId">Kafka topic id.</param>
/// <param name="PartitionCount">Number of partitions (0..PartitionCount-1).</param>
/// <param name="ReplicationFactor">Replicas per partition.</param>
/// <param name="Configs">Topic-level config overrides (Kafka key names); keys absent here take broker defaults.</param>
/// <param name="IsInternal">Whether the topic is internal (__consumer_offsets, __transaction_state).</param>
/// <param name="CreatedTime">When the topic was created.</param>
/// <param name="Version">Row etag for compare-and-set; bumped by config changes and partition additions.</param>
public sealed record TopicRecord(
    string Name,
    Guid TopicId,
    int PartitionCount,
    short ReplicationFactor,
    IReadOnlyDictionary<string, string> Configs,
    bool IsInternal,
    DateTimeOffset CreatedTime,
    long Version);
