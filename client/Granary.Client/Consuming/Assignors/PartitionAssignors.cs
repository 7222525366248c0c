// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Consuming.Assignors;

/// <summary>Resolves partition.assignment.strategy names to assignors.</summary>
internal static class PartitionAssignors
{
    public static IPartitionAssignor Create(string name) => name switch
    {
        "range" => new RangeAssignor(),
        "roundrobin" => new RoundRobinAssignor(),
        "cooperative-sticky" => new CooperativeStickyAssignor(),
        _ => throw new ArgumentException($"Configuration property \"partition.assignment.strategy\": unknown assignor '{name}' (allowed: range, roundrobin, cooperative-sticky).", nameof(name)),
    };

    /// <summary>An empty list per member, so every member gets an entry even when it is given nothing.</summary>
    public static Dictionary<string, List<TopicPartition>> EmptyAssignment(IReadOnlyList<MemberSubscription> members) =>
        members.ToDictionary(m => m.MemberId, _ => new List<TopicPartition>(), StringComparer.Ordinal);
}
