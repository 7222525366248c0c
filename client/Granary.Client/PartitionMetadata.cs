// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>A partition in a metadata response: its leader, replicas and in-sync replicas.</summary>
public class PartitionMetadata(int partitionId, int leader, int[] replicas, int[] inSyncReplicas, Error error)
{
    public int PartitionId { get; } = partitionId;

    public int Leader { get; } = leader;

    public int[] Replicas { get; } = replicas;

    public int[] InSyncReplicas { get; } = inSyncReplicas;

    public Error Error { get; } = error;

    /// <summary>Granary addition: the leader epoch (-1 when the broker does not report it).</summary>
    public int LeaderEpoch { get; init; } = -1;
}
