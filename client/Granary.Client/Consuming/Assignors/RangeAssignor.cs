// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Consuming.Assignors;

/// <summary>Per topic, consecutive partition ranges to the subscribed members in order; the first ones get one extra.</summary>
internal sealed class RangeAssignor : IPartitionAssignor
{
    public string Name => "range";

    public bool IsCooperative => false;

    public Dictionary<string, List<TopicPartition>> Assign(IReadOnlyList<MemberSubscription> members, IReadOnlyDictionary<string, int> partitionCounts)
    {
        var result = PartitionAssignors.EmptyAssignment(members);
        var topics = members.SelectMany(m => m.Topics).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var topic in topics)
        {
            if (!partitionCounts.TryGetValue(topic, out var count))
            {
                continue;
            }

            var subscribers = members.Where(m => m.Topics.Contains(topic)).OrderBy(m => m.SortKey, StringComparer.Ordinal).ToList();
            var each = count / subscribers.Count;
            var extra = count % subscribers.Count;
            var next = 0;
            for (var i = 0; i < subscribers.Count; i++)
            {
                var take = each + (i < extra ? 1 : 0);
                for (var p = 0; p < take; p++)
                {
                    result[subscribers[i].MemberId].Add(new TopicPartition(topic, next++));
                }
            }
        }

        return result;
    }
}
