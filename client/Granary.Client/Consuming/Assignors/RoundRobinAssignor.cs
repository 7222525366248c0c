// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Consuming.Assignors;

/// <summary>All partitions in (topic, partition) order dealt to members in turn, skipping members not subscribed.</summary>
internal sealed class RoundRobinAssignor : IPartitionAssignor
{
    public string Name => "roundrobin";

    public bool IsCooperative => false;

    public Dictionary<string, List<TopicPartition>> Assign(IReadOnlyList<MemberSubscription> members, IReadOnlyDictionary<string, int> partitionCounts)
    {
        var result = PartitionAssignors.EmptyAssignment(members);
        var ordered = members.OrderBy(m => m.SortKey, StringComparer.Ordinal).ToList();
        if (ordered.Count == 0)
        {
            return result;
        }

        var topics = members.SelectMany(m => m.Topics).Distinct(StringComparer.Ordinal).Where(partitionCounts.ContainsKey).Order(StringComparer.Ordinal);
        var cursor = 0;
        foreach (var topic in topics)
        {
            for (var p = 0; p < partitionCounts[topic]; p++)
            {
                // Some member subscribes to the topic (it came from a subscription), so this loop ends.
                while (!ordered[cursor % ordered.Count].Topics.Contains(topic))
                {
                    cursor++;
                }

                result[ordered[cursor % ordered.Count].MemberId].Add(new TopicPartition(topic, p));
                cursor++;
            }
        }

        return result;
    }
}
