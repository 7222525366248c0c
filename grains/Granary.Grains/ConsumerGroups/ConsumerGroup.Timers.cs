// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol;

namespace Granary.Grains.ConsumerGroups;

public sealed partial class ConsumerGroup
{
    /// <summary>
    /// Runs every deadline that has passed at the provider's current time: pending-member and session expiry,
    /// the (initial) rebalance delay and timeout, the SyncGroup timeout and the offsets retention check.
    /// </summary>
    public void Tick()
    {
        var now = Now;
        foreach (var (memberId, deadline) in pendingMembers.ToList())
        {
            if (deadline <= now && pendingMembers.Remove(memberId))
            {
                TryCompleteJoin(now);
            }
        }

        foreach (var member in members.Values.ToList())
        {
            if (member.SessionDeadline > now || !members.ContainsKey(member.MemberId))
            {
                continue;
            }

            if (member.IsNew || (member.AwaitingJoin is null && member.AwaitingSync is null))
            {
                RemoveMemberAndUpdateGroup(member, now);
            }
            else
            {
                // A pending JoinGroup or SyncGroup keeps the member alive; its session restarts when it is answered.
                member.SessionDeadline = NoDeadline;
            }
        }

        // Completing a join can start a new rebalance whose deadline is later than now, so this loop ends.
        while (State == ConsumerGroupState.PreparingRebalance && joinDeadline <= now)
        {
            OnJoinDeadline(now);
        }

        if (syncDeadline <= now)
        {
            OnSyncDeadline(now);
        }

        if (nextRetentionCheck <= now)
        {
            nextRetentionCheck = now + options.OffsetsRetentionCheckIntervalMs;
            ExpireOffsets(now);
        }
    }

    private void OnJoinDeadline(long now)
    {
        if (joinIsInitialDelay && newMemberAdded && initialDelayRemainingMs > 0)
        {
            // Members are still arriving: wait another delay, up to the rebalance timeout in total.
            newMemberAdded = false;
            var delay = Math.Min(options.GroupInitialRebalanceDelayMs, initialDelayRemainingMs);
            initialDelayRemainingMs = Math.Max(initialDelayRemainingMs - delay, 0);
            joinDeadline = now + delay;
            if (delay > 0)
            {
                return;
            }
        }

        CompleteJoin(now);
    }

    private void OnSyncDeadline(long now)
    {
        syncDeadline = NoDeadline;
        if (State is not (ConsumerGroupState.CompletingRebalance or ConsumerGroupState.Stable) || pendingSyncMembers.Count == 0)
        {
            return;
        }

        // Members that got their JoinGroup answer but never sent SyncGroup are dropped and the group rebalances.
        foreach (var memberId in pendingSyncMembers.ToList())
        {
            if (members.TryGetValue(memberId, out var member))
            {
                member.AwaitingSync?.TrySetResult(SyncGroupResult.Error(KafkaErrorCode.UnknownMemberId));
                member.AwaitingSync = null;
                RemoveMember(memberId);
            }
        }

        PrepareRebalance(now);
    }
}
