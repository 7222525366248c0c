// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol;

namespace Granary.Grains.ConsumerGroups;

public sealed partial class ConsumerGroup
{
    /// <summary>
    /// Handles a JoinGroup. The task completes when the rebalance completes (or at once for errors, for
    /// MEMBER_ID_REQUIRED, and for rejoins that need no rebalance).
    /// </summary>
    public Task<JoinGroupResult> JoinGroupAsync(JoinGroupRequestData request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = Now;
        if (GroupId.Length == 0)
        {
            return Task.FromResult(JoinGroupResult.Error(KafkaErrorCode.InvalidGroupId, request.MemberId));
        }

        if (request.SessionTimeoutMs < options.GroupMinSessionTimeoutMs || request.SessionTimeoutMs > options.GroupMaxSessionTimeoutMs)
        {
            return Task.FromResult(JoinGroupResult.Error(KafkaErrorCode.InvalidSessionTimeout, request.MemberId));
        }

        var isUnknownMember = request.MemberId.Length == 0;
        if (State == ConsumerGroupState.Dead)
        {
            if (!isUnknownMember)
            {
                return Task.FromResult(JoinGroupResult.Error(KafkaErrorCode.UnknownMemberId, request.MemberId));
            }

            CreateGroup(now);
        }

        Task<JoinGroupResult> answer;
        if (!AcceptJoiningMember(request.MemberId))
        {
            if (members.ContainsKey(request.MemberId))
            {
                RemoveMember(request.MemberId);
            }

            answer = Task.FromResult(JoinGroupResult.Error(KafkaErrorCode.GroupMaxSizeReached, string.Empty));
        }
        else if (!SupportsProtocols(request.ProtocolType, request.Protocols))
        {
            answer = Task.FromResult(JoinGroupResult.Error(KafkaErrorCode.InconsistentGroupProtocol, request.MemberId));
        }
        else if (isUnknownMember)
        {
            answer = JoinNewMemberAsync(request, now);
        }
        else
        {
            answer = JoinCurrentMemberAsync(request, now);
        }

        TryCompleteJoin(now);
        return answer;
    }

    private bool AcceptJoiningMember(string memberId) => State switch
    {
        ConsumerGroupState.Empty or ConsumerGroupState.Dead => true,

        // Counting members awaiting join (not the group size) lets a shrunken group.max.size kick out late rejoiners.
        ConsumerGroupState.PreparingRebalance =>
            (members.TryGetValue(memberId, out var member) && member.AwaitingJoin is not null)
            || numMembersAwaitingJoin < options.GroupMaxSize,
        _ => members.ContainsKey(memberId) || members.Count < options.GroupMaxSize,
    };

    private bool SupportsProtocols(string protocolType, IReadOnlyList<GroupProtocol> protocols)
    {
        if (State == ConsumerGroupState.Empty)
        {
            return protocolType.Length > 0 && protocols.Count > 0;
        }

        if (protocolType != ProtocolType)
        {
            return false;
        }

        foreach (var protocol in protocols)
        {
            var supporters = 0;
            foreach (var member in members.Values)
            {
                if (member.Supports(protocol.Name))
                {
                    supporters++;
                }
            }

            if (supporters == members.Count)
            {
                return true;
            }
        }

        return false;
    }

    private Task<JoinGroupResult> JoinNewMemberAsync(JoinGroupRequestData request, long now)
    {
        var newMemberId = $"{request.GroupInstanceId ?? request.ClientId}-{newGuid()}";
        if (request.GroupInstanceId is { } instanceId)
        {
            return staticMembers.TryGetValue(instanceId, out var oldMemberId)
                ? UpdateStaticMemberAndRebalanceAsync(oldMemberId, newMemberId, request, now)
                : AddMemberAndRebalanceAsync(newMemberId, request, now);
        }

        if (request.ApiVersion >= 4)
        {
            // KIP-394: the member must come back with this id, so a client that times out and retries
            // does not leave an orphan member behind.
            pendingMembers[newMemberId] = now + request.SessionTimeoutMs;
            return Task.FromResult(JoinGroupResult.Error(KafkaErrorCode.MemberIdRequired, newMemberId));
        }

        return AddMemberAndRebalanceAsync(newMemberId, request, now);
    }

    private Task<JoinGroupResult> JoinCurrentMemberAsync(JoinGroupRequestData request, long now)
    {
        var memberId = request.MemberId;
        if (pendingMembers.ContainsKey(memberId))
        {
            // Pending members are always dynamic; an instance id here means a confused client.
            return request.GroupInstanceId is null
                ? AddMemberAndRebalanceAsync(memberId, request, now)
                : Task.FromResult(JoinGroupResult.Error(KafkaErrorCode.UnknownMemberId, memberId));
        }

        if (IsStaticMemberFenced(request.GroupInstanceId, memberId))
        {
            return Task.FromResult(JoinGroupResult.Error(KafkaErrorCode.FencedInstanceId, memberId));
        }

        var instanceNotFound = request.GroupInstanceId is not null && !staticMembers.ContainsKey(request.GroupInstanceId);
        if (!members.TryGetValue(memberId, out var member) || instanceNotFound)
        {
            return Task.FromResult(JoinGroupResult.Error(KafkaErrorCode.UnknownMemberId, memberId));
        }

        switch (State)
        {
            case ConsumerGroupState.PreparingRebalance:
                return UpdateMemberAndRebalanceAsync(member, request, now);

            case ConsumerGroupState.CompletingRebalance:
                if (member.Matches(request.Protocols))
                {
                    // The member lost its JoinGroup answer; give it the current generation again.
                    return Task.FromResult(CurrentGenerationResult(memberId, includeMembers: IsLeader(memberId)));
                }

                return UpdateMemberAndRebalanceAsync(member, request, now);

            case ConsumerGroupState.Stable:
                // A leader's JoinGroup always rebalances (it may have seen metadata changes the members did not);
                // so does a changed subscription, which is how cooperative rebalancing asks for its second round.
                if (IsLeader(memberId) || !member.Matches(request.Protocols))
                {
                    return UpdateMemberAndRebalanceAsync(member, request, now);
                }

                return Task.FromResult(CurrentGenerationResult(memberId, includeMembers: false));

            default:
                return Task.FromResult(JoinGroupResult.Error(KafkaErrorCode.UnknownMemberId, memberId));
        }
    }

    private Task<JoinGroupResult> AddMemberAndRebalanceAsync(string memberId, JoinGroupRequestData request, long now)
    {
        var member = new GroupMember(
            memberId,
            request.GroupInstanceId,
            request.ClientId,
            request.ClientHost,
            EffectiveRebalanceTimeout(request),
            request.SessionTimeoutMs,
            request.ProtocolType,
            request.Protocols)
        {
            IsNew = true,
        };

        // Joins during the first rebalance of a fresh group extend group.initial.rebalance.delay.ms.
        if (State == ConsumerGroupState.PreparingRebalance && GenerationId == 0)
        {
            newMemberAdded = true;
        }

        var answer = new TaskCompletionSource<JoinGroupResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (members.Count == 0)
        {
            ProtocolType = member.ProtocolType;
        }

        LeaderId ??= memberId;
        members[memberId] = member;
        if (member.GroupInstanceId is { } instanceId)
        {
            staticMembers[instanceId] = memberId;
        }

        member.AwaitingJoin = answer;
        numMembersAwaitingJoin++;
        pendingMembers.Remove(memberId);

        // A new member cannot heartbeat before its first answer, so it gets the new-member timeout instead.
        member.SessionDeadline = now + NewMemberJoinTimeoutMs;
        MaybePrepareRebalance(now);
        return answer.Task;
    }

    private Task<JoinGroupResult> UpdateMemberAndRebalanceAsync(GroupMember member, JoinGroupRequestData request, long now)
    {
        var answer = new TaskCompletionSource<JoinGroupResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        UpdateMember(member, request, answer);
        MaybePrepareRebalance(now);
        return answer.Task;
    }

    private void UpdateMember(GroupMember member, JoinGroupRequestData request, TaskCompletionSource<JoinGroupResult> answer)
    {
        member.Protocols = request.Protocols;
        member.RebalanceTimeoutMs = EffectiveRebalanceTimeout(request);
        member.SessionTimeoutMs = request.SessionTimeoutMs;
        if (member.AwaitingJoin is { } superseded)
        {
            // A second JoinGroup replaces the first; the client has given up on the older request.
            superseded.TrySetResult(JoinGroupResult.Error(KafkaErrorCode.RebalanceInProgress, member.MemberId));
        }
        else
        {
            numMembersAwaitingJoin++;
        }

        member.AwaitingJoin = answer;
    }

    private Task<JoinGroupResult> UpdateStaticMemberAndRebalanceAsync(string oldMemberId, string newMemberId, JoinGroupRequestData request, long now)
    {
        var currentLeader = LeaderId;
        var member = ReplaceStaticMember(request.GroupInstanceId!, oldMemberId, newMemberId);
        member.SessionDeadline = now + member.SessionTimeoutMs;
        var answer = new TaskCompletionSource<JoinGroupResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        UpdateMember(member, request, answer);
        switch (State)
        {
            case ConsumerGroupState.Stable:
                if (SelectProtocol() == ProtocolName)
                {
                    // Nothing the assignment depends on changed: persist the new member id and skip the rebalance.
                    // The old leader id is returned so a rejoining leader does not run a pointless assignment
                    // (v9+ tells it outright with SkipAssignment).
                    records.Add(GroupMetadataRecord());
                    var skipAssignment = request.ApiVersion >= 9 && IsLeader(newMemberId);
                    InvokeJoin(member, new JoinGroupResult(
                        KafkaErrorCode.None,
                        GenerationId,
                        ProtocolType,
                        ProtocolName,
                        currentLeader ?? string.Empty,
                        skipAssignment,
                        newMemberId,
                        skipAssignment ? CurrentMemberMetadata() : []));
                }
                else
                {
                    MaybePrepareRebalance(now);
                }

                break;

            case ConsumerGroupState.CompletingRebalance:
                // The leader may already be assigning to the old member id, so the assignment would miss the new one.
                PrepareRebalance(now);
                break;
        }

        return answer.Task;
    }

    private GroupMember ReplaceStaticMember(string groupInstanceId, string oldMemberId, string newMemberId)
    {
        var index = members.IndexOf(oldMemberId);
        var member = members.GetAt(index).Value;
        members.RemoveAt(index);

        // Fence the previous incarnation at once if it is waiting for an answer.
        InvokeJoin(member, JoinGroupResult.Error(KafkaErrorCode.FencedInstanceId, oldMemberId));
        if (member.AwaitingSync is { } sync)
        {
            sync.TrySetResult(SyncGroupResult.Error(KafkaErrorCode.FencedInstanceId));
            member.AwaitingSync = null;
        }

        member.MemberId = newMemberId;
        members.Insert(index, newMemberId, member);
        if (LeaderId == oldMemberId)
        {
            LeaderId = newMemberId;
        }

        if (pendingSyncMembers.Remove(oldMemberId))
        {
            pendingSyncMembers.Add(newMemberId);
        }

        staticMembers[groupInstanceId] = newMemberId;
        return member;
    }

    private static int EffectiveRebalanceTimeout(JoinGroupRequestData request) =>
        request.RebalanceTimeoutMs < 0 ? request.SessionTimeoutMs : request.RebalanceTimeoutMs;

    private void InvokeJoin(GroupMember member, JoinGroupResult result)
    {
        if (member.AwaitingJoin is { } answer)
        {
            member.AwaitingJoin = null;
            numMembersAwaitingJoin--;
            answer.TrySetResult(result);
        }
    }

    private JoinGroupResult CurrentGenerationResult(string memberId, bool includeMembers) => new(
        KafkaErrorCode.None,
        GenerationId,
        ProtocolType,
        ProtocolName,
        LeaderId ?? string.Empty,
        false,
        memberId,
        includeMembers ? CurrentMemberMetadata() : []);

    private List<JoinGroupResultMember> CurrentMemberMetadata()
    {
        var list = new List<JoinGroupResultMember>(members.Count);
        foreach (var member in members.Values)
        {
            list.Add(new JoinGroupResultMember(member.MemberId, member.GroupInstanceId, member.MetadataFor(ProtocolName!)));
        }

        return list;
    }

    private void MaybePrepareRebalance(long now)
    {
        if (State is ConsumerGroupState.Stable or ConsumerGroupState.CompletingRebalance or ConsumerGroupState.Empty)
        {
            PrepareRebalance(now);
        }
    }

    private void PrepareRebalance(long now)
    {
        if (State == ConsumerGroupState.CompletingRebalance)
        {
            // Members waiting in SyncGroup must rejoin: their generation is over.
            ResetAndPropagateAssignmentError(KafkaErrorCode.RebalanceInProgress, now);
        }

        syncDeadline = NoDeadline;
        if (State == ConsumerGroupState.Empty)
        {
            joinIsInitialDelay = true;
            joinDeadline = now + options.GroupInitialRebalanceDelayMs;
            initialDelayRemainingMs = Math.Max(RebalanceTimeoutMs - options.GroupInitialRebalanceDelayMs, 0);
        }
        else
        {
            joinIsInitialDelay = false;
            joinDeadline = now + RebalanceTimeoutMs;
        }

        TransitionTo(ConsumerGroupState.PreparingRebalance, now);
        TryCompleteJoin(now);
    }

    private void TryCompleteJoin(long now)
    {
        // The initial delay never completes early: its point is to wait for more members.
        if (State == ConsumerGroupState.PreparingRebalance
            && !joinIsInitialDelay
            && members.Count == numMembersAwaitingJoin
            && pendingMembers.Count == 0)
        {
            CompleteJoin(now);
        }
    }

    private void CompleteJoin(long now)
    {
        joinDeadline = NoDeadline;
        joinIsInitialDelay = false;

        // Dynamic members that did not rejoin in time are gone; static ones stay until their session expires.
        foreach (var member in members.Values.Where(m => m.AwaitingJoin is null && !m.IsStatic).ToList())
        {
            RemoveMember(member.MemberId);
        }

        if (!MaybeElectNewJoinedLeader() && members.Count > 0)
        {
            // Only static members that have not rejoined are left: wait another rebalance timeout for them.
            joinDeadline = now + Math.Max(RebalanceTimeoutMs, 1);
            return;
        }

        InitNextGeneration(now);
        if (State == ConsumerGroupState.Empty)
        {
            records.Add(GroupMetadataRecord());
            return;
        }

        foreach (var member in members.Values)
        {
            InvokeJoin(member, CurrentGenerationResult(member.MemberId, includeMembers: IsLeader(member.MemberId)));
            member.SessionDeadline = now + member.SessionTimeoutMs;
            member.IsNew = false;
            pendingSyncMembers.Add(member.MemberId);
        }

        syncDeadline = now + RebalanceTimeoutMs;
    }

    private bool MaybeElectNewJoinedLeader()
    {
        if (LeaderId is null || !members.TryGetValue(LeaderId, out var leader))
        {
            return false;
        }

        if (leader.AwaitingJoin is not null)
        {
            return true;
        }

        foreach (var member in members.Values)
        {
            if (member.AwaitingJoin is not null)
            {
                LeaderId = member.MemberId;
                return true;
            }
        }

        return false;
    }

    private void InitNextGeneration(long now)
    {
        GenerationId++;
        if (members.Count > 0)
        {
            ProtocolName = SelectProtocol();
            subscribedTopics = ComputeSubscribedTopics();
            TransitionTo(ConsumerGroupState.CompletingRebalance, now);
        }
        else
        {
            ProtocolName = null;
            subscribedTopics = ComputeSubscribedTopics();
            TransitionTo(ConsumerGroupState.Empty, now);
        }

        pendingSyncMembers.Clear();
    }

    /// <summary>
    /// Kafka's protocol election: among protocols every member supports, each member votes for its most preferred
    /// one and the most votes win (ties go to the protocol listed first by the oldest member).
    /// </summary>
    private string SelectProtocol()
    {
        var candidates = new List<string>();
        foreach (var protocol in members.GetAt(0).Value.Protocols)
        {
            if (members.Values.All(m => m.Supports(protocol.Name)) && !candidates.Contains(protocol.Name))
            {
                candidates.Add(protocol.Name);
            }
        }

        if (candidates.Count == 0)
        {
            throw new InvalidOperationException($"Group {GroupId} has no protocol all members support.");
        }

        var votes = new int[candidates.Count];
        foreach (var member in members.Values)
        {
            var vote = member.Vote(candidates);
            if (vote is not null)
            {
                votes[candidates.IndexOf(vote)]++;
            }
        }

        var best = 0;
        for (var i = 1; i < votes.Length; i++)
        {
            if (votes[i] > votes[best])
            {
                best = i;
            }
        }

        return candidates[best];
    }

    private HashSet<string>? ComputeSubscribedTopics()
    {
        if (ProtocolType != ConsumerProtocolType)
        {
            return null;
        }

        var topics = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in members.Values)
        {
            if (!ConsumerProtocolSubscription.TryReadTopics(member.MetadataFor(ProtocolName!), topics))
            {
                return null;
            }
        }

        return topics;
    }
}
