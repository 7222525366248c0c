// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Cluster;

/// <summary>A topic to create, with the replica assignment the controller chose for each partition.</summary>
/// <param name="Name">Topic name.</param>
/// <param name="TopicId">Kafka topic id (the controller generates it).</param>
/// <param name="ReplicationFactor">Replicas per partition; every assignment must have this many distinct silos.</param>
/// <param name="Configs">Topic-level config overrides.</param>
/// <param name="IsInternal">Whether the topic is internal.</param>
/// <param name="ReplicaAssignments">One replica list per partition, preferred leader first.</param>
public sealed record NewTopic(
    string Name,
    Guid TopicId,
    short ReplicationFactor,
    IReadOnlyDictionary<string, string> Configs,
    bool IsInternal,
    IReadOnlyList<IReadOnlyList<int>> ReplicaAssignments);
