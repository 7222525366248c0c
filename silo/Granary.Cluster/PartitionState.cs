// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Cluster;

/// <summary>Replication state of one partition, as Kafka's controller keeps it.</summary>
/// <param name="Topic">Topic name.</param>
/// <param name="Partition">Partition index.</param>
/// <param name="Replicas">Assigned replicas, preferred leader first.</param>
/// <param name="Isr">In-sync replicas.</param>
/// <param name="Leader">Leader silo id, or -1 when the partition has no leader.</param>
/// <param name="LeaderEpoch">Incremented on every leader change; fences stale leaders and drives follower truncation.</param>
/// <param name="PartitionEpoch">Incremented on every change of this row; the compare-and-set version (Kafka's partition epoch).</param>
public sealed record PartitionState(
    string Topic,
    int Partition,
    IReadOnlyList<int> Replicas,
    IReadOnlyList<int> Isr,
    int Leader,
    int LeaderEpoch,
    int PartitionEpoch)
{
    /// <summary>Kafka's "no leader" id.</summary>
    public const int NoLeader = -1;
}
