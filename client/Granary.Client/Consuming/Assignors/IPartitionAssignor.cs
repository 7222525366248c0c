// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Consuming.Assignors;

/// <summary>A client-side partition assignment strategy, run by the group leader (partition.assignment.strategy).</summary>
internal interface IPartitionAssignor
{
    /// <summary>The protocol name in JoinGroup: "range", "roundrobin" or "cooperative-sticky".</summary>
    string Name { get; }

    /// <summary>Whether members keep their partitions across a rebalance and revoke only those that move.</summary>
    bool IsCooperative { get; }

    /// <summary>Maps every member id to its partitions; topics missing from <paramref name="partitionCounts"/> are skipped.</summary>
    Dictionary<string, List<TopicPartition>> Assign(IReadOnlyList<MemberSubscription> members, IReadOnlyDictionary<string, int> partitionCounts);
}
