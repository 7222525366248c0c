// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Cluster;

/// <summary>A consistent read of all topics and partition states at one metadata version.</summary>
/// <param name="Version">The metadata version (see <see cref="IClusterTable.GetMetadataVersionAsync"/>).</param>
/// <param name="Topics">All topics, ordered by name.</param>
/// <param name="Partitions">All partition rows, ordered by topic then partition.</param>
public sealed record ClusterMetadataSnapshot(long Version, IReadOnlyList<TopicRecord> Topics, IReadOnlyList<PartitionState> Partitions)
{
    /// <summary>An empty snapshot (version -1) for before the first read.</summary>
    public static ClusterMetadataSnapshot Empty { get; } = new(-1, [], []);

    /// <summary>The partitions of one topic, ordered by partition (empty when unknown).</summary>
    public IReadOnlyList<PartitionState> PartitionsOf(string topic) =>
        Partitions.Where(p => string.Equals(p.Topic, topic, StringComparison.Ordinal)).ToArray();

    /// <summary>The partitions this silo leads.</summary>
    public IReadOnlyList<PartitionState> LedBy(int siloId) => Partitions.Where(p => p.Leader == siloId).ToArray();

    /// <summary>The partitions this silo holds a replica of.</summary>
    public IReadOnlyList<PartitionState> ReplicatedOn(int siloId) => Partitions.Where(p => p.Replicas.Contains(siloId)).ToArray();
}
