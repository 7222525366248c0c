// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Consuming.Assignors;

/// <summary>
/// Keeps every member's still-valid owned partitions, balances the rest onto the least-loaded members, and then
/// withholds any partition whose owner changes: the old owner revokes it, rejoins, and the next round gives it to
/// the new owner. That two-step handover is what makes the cooperative protocol safe without a stop-the-world revoke.
/// </summary>
internal sealed class CooperativeStickyAssignor : IPartitionAssignor
{
    public string Name => "cooperative-sticky";

    public bool IsCooperative => true;

    public Dictionary<string, List<TopicPartition>> Assign(IReadOnlyList<MemberSubscription> members, IReadOnlyDictionary<string, int> partitionCounts)
    {
        var result = PartitionAssignors.EmptyAssignment(members);
        if (members.Count == 0)
        {
            return result;
        }

        var subscribed = members.ToDictionary(m => m.MemberId, m => m.Topics.Where(partitionCounts.ContainsKey).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var all = partitionCounts.Where(t => members.Any(m => subscribed[m.MemberId].Contains(t.Key)))
            .OrderBy(t => t.Key, StringComparer.Ordinal)
            .SelectMany(t => Enumerable.Range(0, t.Value).Select(p => new TopicPartition(t.Key, p)))
            .ToList();

        // Previous owners: a partition claimed twice (a member that missed a generation) goes to the newest claim.
        var owner = new Dictionary<TopicPartition, MemberSubscription>();
        foreach (var member in members.OrderBy(m => m.SortKey, StringComparer.Ordinal))
        {
            foreach (var tp in member.OwnedPartitions)
            {
                if (!subscribed[member.MemberId].Contains(tp.Topic) || tp.Partition.Value >= partitionCounts[tp.Topic])
                {
                    continue;
                }

                if (!owner.TryGetValue(tp, out var previous) || member.GenerationId > previous.GenerationId)
                {
                    owner[tp] = member;
                }
            }
        }

        foreach (var (tp, member) in owner)
        {
            result[member.MemberId].Add(tp);
        }

        Balance(members, subscribed, all, result);

        // Withhold moved partitions this round: their previous owner must revoke them first.
        foreach (var (memberId, partitions) in result)
        {
            partitions.RemoveAll(tp => owner.TryGetValue(tp, out var previous) && previous.MemberId != memberId);
            partitions.Sort((a, b) => a.CompareTo(b));
        }

        return result;
    }

    private static void Balance(
        IReadOnlyList<MemberSubscription> members,
        Dictionary<string, HashSet<string>> subscribed,
        List<TopicPartition> all,
        Dictionary<string, List<TopicPartition>> result)
    {
        var ordered = members.OrderBy(m => m.SortKey, StringComparer.Ordinal).Select(m => m.MemberId).ToList();
        var ceiling = (all.Count + ordered.Count - 1) / ordered.Count;
        var floor = all.Count / ordered.Count;
        var atCeilingAllowed = all.Count - (floor * ordered.Count);

        // Trim members above the fair share, keeping their lowest partitions (deterministic, and sticky for the rest).
        foreach (var id in ordered)
        {
            var list = result[id];
            list.Sort((a, b) => a.CompareTo(b));
            var keep = ceiling;
            if (list.Count >= ceiling && floor != ceiling)
            {
                if (atCeilingAllowed > 0)
                {
                    atCeilingAllowed--;
                }
                else
                {
                    keep = floor;
                }
            }

            if (list.Count > keep)
            {
                list.RemoveRange(keep, list.Count - keep);
            }
        }

        var taken = result.Values.SelectMany(l => l).ToHashSet();
        foreach (var tp in all.Where(tp => !taken.Contains(tp)))
        {
            var target = ordered.Where(id => subscribed[id].Contains(tp.Topic)).MinBy(id => result[id].Count);
            if (target is not null)
            {
                result[target].Add(tp);
            }
        }

        // Uneven subscriptions can leave a member two or more behind another that holds a partition it could take.
        for (var moves = 0; moves < all.Count; moves++)
        {
            var moved = false;
            foreach (var receiver in ordered.OrderBy(id => result[id].Count))
            {
                var donor = ordered
                    .Where(id => result[id].Count > result[receiver].Count + 1 && result[id].Any(tp => subscribed[receiver].Contains(tp.Topic)))
                    .MaxBy(id => result[id].Count);
                if (donor is null)
                {
                    continue;
                }

                var tp = result[donor].Last(tp => subscribed[receiver].Contains(tp.Topic));
                result[donor].Remove(tp);
                result[receiver].Add(tp);
                moved = true;
                break;
            }

            if (!moved)
            {
                break;
            }
        }
    }
}
