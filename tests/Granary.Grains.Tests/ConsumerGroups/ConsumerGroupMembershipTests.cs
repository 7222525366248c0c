// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Grains.ConsumerGroups;
using Granary.Protocol;
using Xunit;
using static Granary.Grains.Tests.ConsumerGroups.GroupHarness;

namespace Granary.Grains.Tests.ConsumerGroups;

public sealed class ConsumerGroupMembershipTests
{
    [Fact]
    public async Task StaticMemberRejoinReplacesMemberIdWithoutRebalance()
    {
        var h = new GroupHarness();
        var stable = await h.FormStableGroupAsync(Join(instanceId: "i-a", version: 5), Join(instanceId: "i-b", version: 5));
        var (oldA, oldB) = (stable.MemberId(0), stable.MemberId(1));
        Assert.StartsWith("i-a-", oldA, StringComparison.Ordinal);
        h.Group.DrainRecords();

        // b restarts: it has no member id, only its instance id.
        var rejoin = await Done(h.Group.JoinGroupAsync(Join(instanceId: "i-b", version: 5)));
        Assert.Equal(KafkaErrorCode.None, rejoin.ErrorCode);
        Assert.NotEqual(oldB, rejoin.MemberId);
        Assert.Equal(1, rejoin.GenerationId);
        Assert.Equal(oldA, rejoin.LeaderId);
        Assert.Equal(ConsumerGroupState.Stable, h.Group.State);
        Assert.Single(h.Group.DrainRecords()); // the new member id is persisted

        // It gets its old assignment back; the old incarnation is fenced.
        var sync = await Done(h.Group.SyncGroupAsync(new SyncGroupRequestData(rejoin.MemberId, "i-b", 1, "consumer", "range", new Dictionary<string, byte[]>())));
        Assert.Equal(AssignmentFor(oldB), sync.Assignment);
        Assert.Equal(KafkaErrorCode.FencedInstanceId, h.Group.Heartbeat(oldB, "i-b", 1));
        Assert.Equal(KafkaErrorCode.UnknownMemberId, h.Group.Heartbeat(oldB, null, 1));
        Assert.Equal(KafkaErrorCode.None, h.Group.Heartbeat(rejoin.MemberId, "i-b", 1));
        Assert.Equal(KafkaErrorCode.FencedInstanceId, (await Done(h.Group.JoinGroupAsync(Join(memberId: oldB, instanceId: "i-b", version: 5)))).ErrorCode);
        Assert.Equal(KafkaErrorCode.FencedInstanceId, h.Group.CommitOffsets(oldB, "i-b", 1, [new("orders", 0, 5, -1, null)])[0].ErrorCode);
        var leave = h.Group.LeaveGroup([new LeaveGroupMember(oldB, "i-b")]);
        Assert.Equal(KafkaErrorCode.FencedInstanceId, leave.Members[0].ErrorCode);
    }

    [Fact]
    public async Task StaticLeaderRejoinKeepsOldLeaderIdAndSkipsAssignmentOnV9()
    {
        var h = new GroupHarness();
        var stable = await h.FormStableGroupAsync(Join(instanceId: "i-a", version: 9), Join(instanceId: "i-b", version: 9));
        var rejoin = await Done(h.Group.JoinGroupAsync(Join(instanceId: "i-a", version: 9)));
        Assert.Equal(stable.MemberId(0), rejoin.LeaderId);
        Assert.True(rejoin.SkipAssignment);
        Assert.Equal(2, rejoin.Members.Count);
        Assert.Equal(rejoin.MemberId, h.Group.LeaderId);
        Assert.Equal(ConsumerGroupState.Stable, h.Group.State);
    }

    [Fact]
    public async Task StaticRejoinThatChangesTheSelectedProtocolRebalances()
    {
        var h = new GroupHarness();
        await h.FormStableGroupAsync(Join(instanceId: "i-a", version: 5, protocols: [Range("t"), RoundRobin("t")]));
        var rejoin = h.Group.JoinGroupAsync(Join(instanceId: "i-a", version: 5, protocols: [RoundRobin("t"), Range("t")]));

        // A new generation (the only member rejoined, so the rebalance completed at once) with the new protocol.
        Assert.Equal(ConsumerGroupState.CompletingRebalance, h.Group.State);
        var result = await Done(rejoin);
        Assert.Equal("roundrobin", result.ProtocolName);
        Assert.Equal(2, result.GenerationId);
    }

    [Fact]
    public async Task StaticMemberSurvivesTheRebalanceTimeoutButNotTheSyncTimeout()
    {
        var h = new GroupHarness();
        var stable = await h.FormStableGroupAsync(
            Join(instanceId: "i-a", version: 5, sessionTimeoutMs: 60_000, rebalanceTimeoutMs: 10_000),
            Join(instanceId: "i-b", version: 5, sessionTimeoutMs: 60_000, rebalanceTimeoutMs: 10_000));
        var leader = h.Group.JoinGroupAsync(Join(memberId: stable.MemberId(0), instanceId: "i-a", version: 5, sessionTimeoutMs: 60_000, rebalanceTimeoutMs: 10_000));
        h.Advance(10_000);

        // A dynamic member would be gone now; the static one stays in the new generation.
        var result = await Done(leader);
        Assert.Equal(2, result.Members.Count);
        Assert.Contains(stable.MemberId(1), h.Group.MemberIds);

        // It never sends SyncGroup for the new generation, so it is dropped when the sync timeout passes.
        _ = h.Group.SyncGroupAsync(new SyncGroupRequestData(result.MemberId, "i-a", 2, null, null, new Dictionary<string, byte[]>()));
        h.Advance(9_999);
        Assert.Contains(stable.MemberId(1), h.Group.MemberIds);
        h.Advance(1);
        Assert.DoesNotContain(stable.MemberId(1), h.Group.MemberIds);
        Assert.Equal(ConsumerGroupState.PreparingRebalance, h.Group.State);
    }

    [Fact]
    public async Task StaticMemberRejoinWhileJoinPendingFencesTheOldRequest()
    {
        var h = new GroupHarness();
        var stable = await h.FormStableGroupAsync(Join(instanceId: "i-a", version: 5), Join(version: 3));
        var oldJoin = h.Group.JoinGroupAsync(Join(memberId: stable.MemberId(0), instanceId: "i-a", version: 5));
        Assert.False(oldJoin.IsCompleted);
        var newJoin = h.Group.JoinGroupAsync(Join(instanceId: "i-a", version: 5));
        Assert.Equal(KafkaErrorCode.FencedInstanceId, (await Done(oldJoin)).ErrorCode);
        _ = h.Group.JoinGroupAsync(Join(memberId: stable.MemberId(1), version: 3));
        var result = await Done(newJoin);
        Assert.Equal(KafkaErrorCode.None, result.ErrorCode);
        Assert.Equal(result.MemberId, result.LeaderId);
    }

    [Fact]
    public async Task HeartbeatErrorsPerState()
    {
        var h = new GroupHarness();
        Assert.Equal(KafkaErrorCode.UnknownMemberId, h.Group.Heartbeat("nobody", null, 0));
        Assert.Equal(KafkaErrorCode.InvalidGroupId, new GroupHarness(groupId: "").Group.Heartbeat("m", null, 0));

        var a = h.Group.JoinGroupAsync(Join());
        var b = h.Group.JoinGroupAsync(Join());
        h.RunUntilCompleted(a, b);
        var (ra, rb) = (await Done(a), await Done(b));

        // CompletingRebalance: a heartbeat between JoinGroup and SyncGroup is normal.
        Assert.Equal(KafkaErrorCode.None, h.Group.Heartbeat(rb.MemberId, null, 1));
        Assert.Equal(KafkaErrorCode.IllegalGeneration, h.Group.Heartbeat(rb.MemberId, null, 0));
        Assert.Equal(KafkaErrorCode.UnknownMemberId, h.Group.Heartbeat("nobody", null, 1));

        _ = h.Group.SyncGroupAsync(new SyncGroupRequestData(ra.MemberId, null, 1, null, null, new Dictionary<string, byte[]>()));
        Assert.Equal(KafkaErrorCode.None, h.Group.Heartbeat(rb.MemberId, null, 1));

        _ = h.Group.JoinGroupAsync(Join(memberId: ra.MemberId));
        Assert.Equal(KafkaErrorCode.RebalanceInProgress, h.Group.Heartbeat(rb.MemberId, null, 1));
        Assert.Equal(KafkaErrorCode.IllegalGeneration, h.Group.Heartbeat(rb.MemberId, null, 2));

        h.Group.LeaveGroup([new(ra.MemberId, null), new(rb.MemberId, null)]);
        Assert.Equal(ConsumerGroupState.Empty, h.Group.State);
        Assert.Equal(KafkaErrorCode.UnknownMemberId, h.Group.Heartbeat(rb.MemberId, null, 2));
    }

    [Fact]
    public async Task LeaveGroupBatchReportsPerMemberErrors()
    {
        var h = new GroupHarness();
        var stable = await h.FormStableGroupAsync(Join(instanceId: "i-a", version: 5), Join(instanceId: "i-b", version: 5), Join(version: 3));
        var result = h.Group.LeaveGroup(
        [
            new LeaveGroupMember(string.Empty, "i-a"), // administrative removal by instance id
            new LeaveGroupMember("stale-id", "i-b"),
            new LeaveGroupMember("ghost", null),
            new LeaveGroupMember(string.Empty, "i-unknown"),
            new LeaveGroupMember(stable.MemberId(2), null),
        ]);
        Assert.Equal(KafkaErrorCode.None, result.ErrorCode);
        Assert.Equal(
            [KafkaErrorCode.None, KafkaErrorCode.FencedInstanceId, KafkaErrorCode.UnknownMemberId, KafkaErrorCode.UnknownMemberId, KafkaErrorCode.None],
            result.Members.Select(m => m.ErrorCode));
        Assert.Equal([stable.MemberId(1)], h.Group.MemberIds);
        Assert.Equal(KafkaErrorCode.FencedInstanceId, result.TopLevelErrorFor(2)); // v0-v2: the first member error
        Assert.Equal(KafkaErrorCode.None, result.TopLevelErrorFor(3));
    }

    [Fact]
    public void LeaveGroupOfUnknownGroupAnswersUnknownMember()
    {
        var h = new GroupHarness();
        var result = h.Group.LeaveGroup([new LeaveGroupMember("m", null)]);
        Assert.Equal(KafkaErrorCode.None, result.ErrorCode);
        Assert.Equal(KafkaErrorCode.UnknownMemberId, result.TopLevelErrorFor(0));
    }

    [Fact]
    public async Task NewMemberThatNeverGetsAnswerExpiresAfterNewMemberTimeout()
    {
        var h = new GroupHarness();
        var stable = await h.FormStableGroupAsync(Join(sessionTimeoutMs: 400_000, rebalanceTimeoutMs: 600_000));

        // A second member joins; the leader never rejoins, so the rebalance waits up to 600 s,
        // but the new member is dropped after 300 s and then the leader alone is waited for.
        var newcomer = h.Group.JoinGroupAsync(Join(sessionTimeoutMs: 400_000, rebalanceTimeoutMs: 600_000));
        h.Advance(ConsumerGroup.NewMemberJoinTimeoutMs);
        Assert.Equal(KafkaErrorCode.UnknownMemberId, (await Done(newcomer)).ErrorCode);
        Assert.Equal([stable.MemberId(0)], h.Group.MemberIds);
    }
}
