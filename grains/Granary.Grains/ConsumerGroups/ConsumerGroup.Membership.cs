// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol;

namespace Granary.Grains.ConsumerGroups;

public sealed partial class ConsumerGroup
{
    /// <summary>
    /// Handles a SyncGroup. The leader's call carries the assignments and completes every waiting member;
    /// a follower's task completes when the leader's assignment arrives (or the generation ends).
    /// </summary>
    public Task<SyncGroupResult> SyncGroupAsync(SyncGroupRequestData request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = Now;
        var error = ValidateMember(request.MemberId, request.GroupInstanceId, request.GenerationId, requireValidGroupId: true);
        if (error == KafkaErrorCode.None
            && ((request.ProtocolType is not null && request.ProtocolType != ProtocolType)
                || (request.ProtocolName is not null && request.ProtocolName != ProtocolName)))
        {
            error = KafkaErrorCode.InconsistentGroupProtocol;
        }

        if (error != KafkaErrorCode.None)
        {
            return Task.FromResult(SyncGroupResult.Error(error));
        }

        var member = members[request.MemberId];
        switch (State)
        {
            case ConsumerGroupState.PreparingRebalance:
                return Task.FromResult(SyncGroupResult.Error(KafkaErrorCode.RebalanceInProgress));

            case ConsumerGroupState.CompletingRebalance:
                var answer = new TaskCompletionSource<SyncGroupResult>(TaskCreationOptions.RunContinuationsAsynchronously);
                member.AwaitingSync?.TrySetResult(SyncGroupResult.Error(KafkaErrorCode.RebalanceInProgress));
                member.AwaitingSync = answer;
                RemovePendingSyncMember(request.MemberId);
                if (IsLeader(request.MemberId))
                {
                    // Assignments for unknown members are dropped; members the leader left out get an empty one.
                    foreach (var m in members.Values)
                    {
                        m.Assignment = request.Assignments.GetValueOrDefault(m.MemberId) ?? [];
                    }

                    records.Add(GroupMetadataRecord());
                    PropagateAssignment(now);
                    TransitionTo(ConsumerGroupState.Stable, now);
                }

                return answer.Task;

            case ConsumerGroupState.Stable:
                RemovePendingSyncMember(request.MemberId);
                member.SessionDeadline = now + member.SessionTimeoutMs;
                return Task.FromResult(new SyncGroupResult(KafkaErrorCode.None, ProtocolType, ProtocolName, member.Assignment));

            default:
                return Task.FromResult(SyncGroupResult.Error(KafkaErrorCode.UnknownMemberId));
        }
    }

    /// <summary>Handles a Heartbeat: resets the member's session and tells it whether a rebalance is under way.</summary>
    public KafkaErrorCode Heartbeat(string memberId, string? groupInstanceId, int generationId)
    {
        ArgumentNullException.ThrowIfNull(memberId);
        var error = ValidateMember(memberId, groupInstanceId, generationId, requireValidGroupId: true);
        if (error != KafkaErrorCode.None)
        {
            return error;
        }

        var member = members[memberId];
        switch (State)
        {
            case ConsumerGroupState.CompletingRebalance:
            case ConsumerGroupState.Stable:
                // Members may heartbeat between their JoinGroup answer and SyncGroup; that is a normal heartbeat.
                member.SessionDeadline = Now + member.SessionTimeoutMs;
                return KafkaErrorCode.None;
            case ConsumerGroupState.PreparingRebalance:
                member.SessionDeadline = Now + member.SessionTimeoutMs;
                return KafkaErrorCode.RebalanceInProgress;
            default:
                return KafkaErrorCode.UnknownMemberId;
        }
    }

    /// <summary>
    /// Handles a LeaveGroup of one (v0-v2) or many (v3+) members. A member id may be empty when an instance id
    /// names a static member (administrative removal).
    /// </summary>
    public LeaveGroupResult LeaveGroup(IReadOnlyList<LeaveGroupMember> leaving)
    {
        ArgumentNullException.ThrowIfNull(leaving);
        var now = Now;
        if (GroupId.Length == 0)
        {
            return new LeaveGroupResult(KafkaErrorCode.InvalidGroupId, []);
        }

        var results = new List<LeaveGroupMemberResult>(leaving.Count);
        foreach (var identity in leaving)
        {
            results.Add(new LeaveGroupMemberResult(identity.MemberId, identity.GroupInstanceId, LeaveOne(identity, now)));
        }

        return new LeaveGroupResult(KafkaErrorCode.None, results);
    }

    private KafkaErrorCode LeaveOne(LeaveGroupMember identity, long now)
    {
        if (State == ConsumerGroupState.Dead)
        {
            return KafkaErrorCode.UnknownMemberId;
        }

        if (identity.MemberId.Length == 0)
        {
            if (identity.GroupInstanceId is not null && staticMembers.TryGetValue(identity.GroupInstanceId, out var current))
            {
                RemoveMemberAndUpdateGroup(members[current], now);
                return KafkaErrorCode.None;
            }

            return KafkaErrorCode.UnknownMemberId;
        }

        if (pendingMembers.Remove(identity.MemberId))
        {
            TryCompleteJoin(now);
            return KafkaErrorCode.None;
        }

        if (IsStaticMemberFenced(identity.GroupInstanceId, identity.MemberId))
        {
            return KafkaErrorCode.FencedInstanceId;
        }

        if (members.TryGetValue(identity.MemberId, out var member))
        {
            RemoveMemberAndUpdateGroup(member, now);
            return KafkaErrorCode.None;
        }

        return KafkaErrorCode.UnknownMemberId;
    }

    /// <summary>The checks SyncGroup, Heartbeat and member commits share, in Kafka's order.</summary>
    private KafkaErrorCode ValidateMember(string memberId, string? groupInstanceId, int generationId, bool requireValidGroupId)
    {
        if (requireValidGroupId && GroupId.Length == 0)
        {
            return KafkaErrorCode.InvalidGroupId;
        }

        if (State == ConsumerGroupState.Dead)
        {
            return KafkaErrorCode.UnknownMemberId;
        }

        if (IsStaticMemberFenced(groupInstanceId, memberId))
        {
            return KafkaErrorCode.FencedInstanceId;
        }

        if (!members.ContainsKey(memberId))
        {
            return KafkaErrorCode.UnknownMemberId;
        }

        return generationId != GenerationId ? KafkaErrorCode.IllegalGeneration : KafkaErrorCode.None;
    }

    private void RemovePendingSyncMember(string memberId)
    {
        pendingSyncMembers.Remove(memberId);
        if (pendingSyncMembers.Count == 0)
        {
            syncDeadline = NoDeadline;
        }
    }

    private void PropagateAssignment(long now)
    {
        foreach (var member in members.Values)
        {
            if (member.AwaitingSync is { } answer)
            {
                member.AwaitingSync = null;
                answer.TrySetResult(new SyncGroupResult(KafkaErrorCode.None, ProtocolType, ProtocolName, member.Assignment));
            }

            // Sessions that ran out while members waited for the assignment start over now.
            member.SessionDeadline = now + member.SessionTimeoutMs;
        }
    }

    private void ResetAndPropagateAssignmentError(KafkaErrorCode error, long now)
    {
        foreach (var member in members.Values)
        {
            member.Assignment = [];
            if (member.AwaitingSync is { } answer)
            {
                member.AwaitingSync = null;
                answer.TrySetResult(SyncGroupResult.Error(error));
            }

            // As with a successful assignment, sessions that ran out while members waited start over.
            member.SessionDeadline = now + member.SessionTimeoutMs;
        }
    }

    /// <summary>Removes a member (left, expired or kicked out) and moves the group on as Kafka does.</summary>
    private void RemoveMemberAndUpdateGroup(GroupMember member, long now)
    {
        // A member that times out while its JoinGroup waits learns that it was not accepted.
        InvokeJoin(member, JoinGroupResult.Error(KafkaErrorCode.UnknownMemberId, member.MemberId));
        if (member.AwaitingSync is { } sync)
        {
            member.AwaitingSync = null;
            sync.TrySetResult(SyncGroupResult.Error(KafkaErrorCode.UnknownMemberId));
        }

        RemoveMember(member.MemberId);
        switch (State)
        {
            case ConsumerGroupState.Stable:
            case ConsumerGroupState.CompletingRebalance:
                MaybePrepareRebalance(now);
                break;
            case ConsumerGroupState.PreparingRebalance:
                TryCompleteJoin(now);
                break;
        }
    }

    private void RemoveMember(string memberId)
    {
        if (!members.Remove(memberId, out var member))
        {
            return;
        }

        if (member.GroupInstanceId is { } instanceId && staticMembers.GetValueOrDefault(instanceId) == memberId)
        {
            staticMembers.Remove(instanceId);
        }

        if (member.AwaitingJoin is not null)
        {
            numMembersAwaitingJoin--;
        }

        pendingSyncMembers.Remove(memberId);
        if (LeaderId == memberId)
        {
            LeaderId = members.Count > 0 ? members.GetAt(0).Key : null;
        }
    }
}
