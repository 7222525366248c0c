// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Grains.ConsumerGroups;
using Granary.Protocol;
using Xunit;
using static Granary.Grains.Tests.ConsumerGroups.GroupHarness;

namespace Granary.Grains.Tests.ConsumerGroups;

public sealed class ConsumerGroupRebalanceTests
{
    [Fact]
    public async Task ThreeMembersJoinLeaderGetsMetadataAndSyncDistributesAssignments()
    {
        var h = new GroupHarness();
        var a = h.Group.JoinGroupAsync(Join(clientId: "a", protocols: Range("orders")));
        var b = h.Group.JoinGroupAsync(Join(clientId: "b", protocols: Range("payments")));
        var c = h.Group.JoinGroupAsync(Join(clientId: "c", protocols: Range("orders", "audit")));
        Assert.Equal(ConsumerGroupState.PreparingRebalance, h.Group.State);
        Assert.False(a.IsCompleted || b.IsCompleted || c.IsCompleted);

        h.RunUntilCompleted(a, b, c);
        var (ra, rb, rc) = (await Done(a), await Done(b), await Done(c));
        Assert.Equal(ConsumerGroupState.CompletingRebalance, h.Group.State);
        Assert.All(new[] { ra, rb, rc }, r =>
        {
            Assert.Equal(KafkaErrorCode.None, r.ErrorCode);
            Assert.Equal(1, r.GenerationId);
            Assert.Equal("range", r.ProtocolName);
            Assert.Equal("consumer", r.ProtocolType);
            Assert.Equal(ra.MemberId, r.LeaderId);
        });
        Assert.StartsWith("a-", ra.MemberId, StringComparison.Ordinal);
        Assert.Equal([ra.MemberId, rb.MemberId, rc.MemberId], ra.Members.Select(m => m.MemberId));
        Assert.Equal(Range("payments").Metadata, ra.Members[1].Metadata);
        Assert.Empty(rb.Members);
        Assert.Empty(rc.Members);
        Assert.Equal(new HashSet<string> { "orders", "payments", "audit" }, h.Group.SubscribedTopics);

        // A follower's SyncGroup waits for the leader's.
        var syncB = h.Group.SyncGroupAsync(new SyncGroupRequestData(rb.MemberId, null, 1, "consumer", "range", new Dictionary<string, byte[]>()));
        Assert.False(syncB.IsCompleted);
        var syncA = h.Group.SyncGroupAsync(new SyncGroupRequestData(ra.MemberId, null, 1, "consumer", "range", new Dictionary<string, byte[]>
        {
            [ra.MemberId] = [1],
            [rb.MemberId] = [2, 2],
            ["someone-else"] = [9],
        }));
        Assert.Equal(ConsumerGroupState.Stable, h.Group.State);
        Assert.Equal([1], (await Done(syncA)).Assignment);
        Assert.Equal([2, 2], (await Done(syncB)).Assignment);
        Assert.Equal("range", (await Done(syncB)).ProtocolName);

        // c was left out by the leader: it gets an empty assignment.
        var syncC = await Done(h.Group.SyncGroupAsync(new SyncGroupRequestData(rc.MemberId, null, 1, null, null, new Dictionary<string, byte[]>())));
        Assert.Equal(KafkaErrorCode.None, syncC.ErrorCode);
        Assert.Empty(syncC.Assignment);
        Assert.Single(h.Group.DrainRecords());
    }

    [Fact]
    public async Task InitialRebalanceDelayWaitsThenCompletes()
    {
        var h = new GroupHarness();
        Assert.Null(h.Group.NextDeadline);
        var a = h.Group.JoinGroupAsync(Join());
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(StartMs + 3_000), h.Group.NextDeadline);
        h.Advance(2_999);
        Assert.False(a.IsCompleted);
        h.Advance(1);
        Assert.Equal(1, (await Done(a)).GenerationId);
    }

    [Fact]
    public async Task InitialRebalanceDelayIsExtendedWhileMembersKeepJoining()
    {
        var h = new GroupHarness();
        var a = h.Group.JoinGroupAsync(Join(rebalanceTimeoutMs: 20_000));
        h.Advance(1_000);
        var b = h.Group.JoinGroupAsync(Join(rebalanceTimeoutMs: 20_000));
        h.Advance(2_000); // t = 3000: b joined during the delay, so wait another delay
        Assert.False(a.IsCompleted);
        h.Advance(2_999);
        Assert.False(a.IsCompleted);
        h.Advance(1); // t = 6000: nobody new, complete
        Assert.Equal(2, (await Done(a)).Members.Count);
        Assert.Equal(1, (await Done(b)).GenerationId);
    }

    [Fact]
    public async Task InitialRebalanceDelayExtensionIsCappedByRebalanceTimeout()
    {
        var h = new GroupHarness();
        var joins = new List<Task<JoinGroupResult>> { h.Group.JoinGroupAsync(Join(rebalanceTimeoutMs: 5_000)) };

        // Members keep arriving every second; the first rebalance still ends at the 5 s rebalance timeout.
        for (var t = 1; t <= 4; t++)
        {
            h.Advance(1_000);
            joins.Add(h.Group.JoinGroupAsync(Join(rebalanceTimeoutMs: 5_000)));
        }

        Assert.False(joins[0].IsCompleted);
        h.Advance(1_000);
        Assert.All(joins, j => Assert.True(j.IsCompleted));
        Assert.Equal(5, (await Done(joins[0])).Members.Count);
    }

    [Fact]
    public async Task MemberIdRequiredFlow()
    {
        var h = new GroupHarness();
        var first = await Done(h.Group.JoinGroupAsync(Join(version: 4, clientId: "app")));
        Assert.Equal(KafkaErrorCode.MemberIdRequired, first.ErrorCode);
        Assert.StartsWith("app-", first.MemberId, StringComparison.Ordinal);
        Assert.True(Guid.TryParse(first.MemberId["app-".Length..], out _));
        Assert.Equal(ConsumerGroupState.Empty, h.Group.State);
        Assert.Empty(h.Group.MemberIds);

        var stranger = await Done(h.Group.JoinGroupAsync(Join(memberId: "app-made-up", version: 4)));
        Assert.Equal(KafkaErrorCode.UnknownMemberId, stranger.ErrorCode);

        var second = h.Group.JoinGroupAsync(Join(memberId: first.MemberId, version: 4));
        h.RunUntilCompleted(second);
        Assert.Equal(KafkaErrorCode.None, (await Done(second)).ErrorCode);
        Assert.Equal(first.MemberId, (await Done(second)).MemberId);
        Assert.Equal(first.MemberId, (await Done(second)).LeaderId);
    }

    [Fact]
    public async Task PendingMemberThatNeverRejoinsExpiresAfterItsSessionTimeout()
    {
        var h = new GroupHarness();
        var stable = await h.FormStableGroupAsync(Join());
        var pending = await Done(h.Group.JoinGroupAsync(Join(version: 4, sessionTimeoutMs: 8_000)));
        Assert.Equal(KafkaErrorCode.MemberIdRequired, pending.ErrorCode);

        // The leader rejoins; the rebalance waits for the pending member until its session timeout.
        var leader = h.Group.JoinGroupAsync(Join(memberId: stable.MemberId(0)));
        Assert.False(leader.IsCompleted);
        h.Advance(8_000);
        Assert.True(leader.IsCompleted);
        var late = await Done(h.Group.JoinGroupAsync(Join(memberId: pending.MemberId, version: 4)));
        Assert.Equal(KafkaErrorCode.UnknownMemberId, late.ErrorCode);
    }

    [Fact]
    public async Task MemberLeavingTriggersRebalance()
    {
        var h = new GroupHarness();
        var stable = await h.FormStableGroupAsync(Join(), Join());
        var leave = h.Group.LeaveGroup([new LeaveGroupMember(stable.MemberId(1), null)]);
        Assert.Equal(KafkaErrorCode.None, leave.Members.Single().ErrorCode);
        Assert.Equal(ConsumerGroupState.PreparingRebalance, h.Group.State);
        Assert.Equal(KafkaErrorCode.RebalanceInProgress, h.Group.Heartbeat(stable.MemberId(0), null, 1));

        // The only remaining member rejoins: everyone has joined, so the rebalance completes at once.
        var rejoin = await Done(h.Group.JoinGroupAsync(Join(memberId: stable.MemberId(0))));
        Assert.Equal(2, rejoin.GenerationId);
        Assert.Equal(stable.MemberId(0), rejoin.LeaderId);
        Assert.Single(rejoin.Members);
    }

    [Fact]
    public async Task LastMemberLeavingEmptiesTheGroup()
    {
        var h = new GroupHarness();
        var stable = await h.FormStableGroupAsync(Join());
        h.Group.DrainRecords();
        h.Group.LeaveGroup([new LeaveGroupMember(stable.MemberId(0), null)]);
        Assert.Equal(ConsumerGroupState.Empty, h.Group.State);
        Assert.Equal(2, h.Group.GenerationId);
        Assert.Null(h.Group.ProtocolName);
        Assert.Single(h.Group.DrainRecords()); // the Empty group's metadata is persisted
    }

    [Fact]
    public async Task SessionTimeoutRemovesSilentMember()
    {
        var h = new GroupHarness();
        var stable = await h.FormStableGroupAsync(Join(sessionTimeoutMs: 10_000), Join(sessionTimeoutMs: 10_000));
        h.Advance(9_000);
        Assert.Equal(KafkaErrorCode.None, h.Group.Heartbeat(stable.MemberId(0), null, 1));
        h.Advance(999);
        Assert.Equal(2, h.Group.MemberIds.Count);
        h.Advance(1);
        Assert.Equal([stable.MemberId(0)], h.Group.MemberIds);
        Assert.Equal(ConsumerGroupState.PreparingRebalance, h.Group.State);
        Assert.Equal(KafkaErrorCode.UnknownMemberId, h.Group.Heartbeat(stable.MemberId(1), null, 1));
    }

    [Fact]
    public async Task RebalanceTimeoutRemovesMembersThatDidNotRejoin()
    {
        var h = new GroupHarness();
        var stable = await h.FormStableGroupAsync(
            Join(sessionTimeoutMs: 30_000, rebalanceTimeoutMs: 20_000),
            Join(sessionTimeoutMs: 30_000, rebalanceTimeoutMs: 20_000));

        // The leader's rejoin starts a rebalance; the follower keeps heartbeating but never rejoins.
        var leader = h.Group.JoinGroupAsync(Join(memberId: stable.MemberId(0), sessionTimeoutMs: 30_000, rebalanceTimeoutMs: 20_000));
        for (var i = 0; i < 3; i++)
        {
            h.Advance(5_000);
            Assert.Equal(KafkaErrorCode.RebalanceInProgress, h.Group.Heartbeat(stable.MemberId(1), null, 1));
        }

        Assert.False(leader.IsCompleted);
        h.Advance(5_000);
        var result = await Done(leader);
        Assert.Equal(2, result.GenerationId);
        Assert.Equal([stable.MemberId(0)], result.Members.Select(m => m.MemberId));
        Assert.Equal(KafkaErrorCode.UnknownMemberId, h.Group.Heartbeat(stable.MemberId(1), null, 1));
    }

    [Fact]
    public async Task MemberThatNeverSyncsIsRemovedAfterRebalanceTimeout()
    {
        var h = new GroupHarness();
        var a = h.Group.JoinGroupAsync(Join(sessionTimeoutMs: 30_000, rebalanceTimeoutMs: 15_000));
        var b = h.Group.JoinGroupAsync(Join(sessionTimeoutMs: 30_000, rebalanceTimeoutMs: 15_000));
        h.RunUntilCompleted(a, b);
        var leader = await Done(a);
        var sync = h.Group.SyncGroupAsync(new SyncGroupRequestData(leader.MemberId, null, 1, null, null, new Dictionary<string, byte[]>()));
        Assert.True(sync.IsCompleted);
        Assert.Equal(ConsumerGroupState.Stable, h.Group.State);
        h.Advance(15_000);
        Assert.Equal(ConsumerGroupState.PreparingRebalance, h.Group.State);
        Assert.Equal([leader.MemberId], h.Group.MemberIds);
    }

    [Fact]
    public async Task CooperativeMemberRejoinsWhileStableAndPartialAssignmentsPassThrough()
    {
        var h = new GroupHarness();
        var stable = await h.FormStableGroupAsync(Join(), Join());
        var (a, b) = (stable.MemberId(0), stable.MemberId(1));

        // Round 1: b's subscription changes (cooperative clients encode owned partitions there).
        var rejoinB = h.Group.JoinGroupAsync(Join(memberId: b, protocols: new GroupProtocol("cooperative-sticky", [0, 1, 7])));
        Assert.Equal(KafkaErrorCode.InconsistentGroupProtocol, (await Done(rejoinB)).ErrorCode);

        rejoinB = h.Group.JoinGroupAsync(Join(memberId: b, protocols: Range("orders", "refunds")));
        Assert.Equal(ConsumerGroupState.PreparingRebalance, h.Group.State);
        Assert.Equal(KafkaErrorCode.RebalanceInProgress, h.Group.Heartbeat(a, null, 1));
        var rejoinA = h.Group.JoinGroupAsync(Join(memberId: a));
        var (ra, rb) = (await Done(rejoinA), await Done(rejoinB));
        Assert.Equal(2, ra.GenerationId);

        // The leader revokes everything from b for now: a partial assignment.
        var syncB = h.Group.SyncGroupAsync(new SyncGroupRequestData(b, null, 2, "consumer", "range", new Dictionary<string, byte[]>()));
        var syncA = h.Group.SyncGroupAsync(new SyncGroupRequestData(a, null, 2, "consumer", "range", new Dictionary<string, byte[]> { [a] = [0xA] }));
        Assert.Equal([0xA], (await Done(syncA)).Assignment);
        Assert.Empty((await Done(syncB)).Assignment);

        // Round 2: b rejoins again (its owned partitions changed), everyone rejoins, b gets its partitions.
        rejoinB = h.Group.JoinGroupAsync(Join(memberId: b, protocols: Range("orders")));
        rejoinA = h.Group.JoinGroupAsync(Join(memberId: a));
        Assert.Equal(3, (await Done(rejoinA)).GenerationId);
        syncB = h.Group.SyncGroupAsync(new SyncGroupRequestData(b, null, 3, "consumer", "range", new Dictionary<string, byte[]>()));
        _ = h.Group.SyncGroupAsync(new SyncGroupRequestData(a, null, 3, "consumer", "range", new Dictionary<string, byte[]> { [a] = [0xA], [b] = [0xB] }));
        Assert.Equal([0xB], (await Done(syncB)).Assignment);
    }

    [Fact]
    public async Task FollowerRejoiningWithSameMetadataWhileStableGetsCurrentGeneration()
    {
        var h = new GroupHarness();
        var stable = await h.FormStableGroupAsync(Join(), Join());
        var again = await Done(h.Group.JoinGroupAsync(Join(memberId: stable.MemberId(1))));
        Assert.Equal(ConsumerGroupState.Stable, h.Group.State);
        Assert.Equal(1, again.GenerationId);
        Assert.Empty(again.Members);
    }

    [Fact]
    public async Task ProtocolIsChosenByMembersVotesAmongCommonProtocols()
    {
        var h = new GroupHarness();
        var a = h.Group.JoinGroupAsync(Join(protocols: [new("sticky", [1]), Range("t"), RoundRobin("t")]));
        var b = h.Group.JoinGroupAsync(Join(protocols: [RoundRobin("t"), Range("t")]));
        var c = h.Group.JoinGroupAsync(Join(protocols: [RoundRobin("t"), new("sticky", [1]), Range("t")]));
        h.RunUntilCompleted(a, b, c);

        // sticky is not supported by b; of range and roundrobin, roundrobin has two votes.
        Assert.Equal("roundrobin", (await Done(a)).ProtocolName);
        Assert.Equal(RoundRobin("t").Metadata, (await Done(a)).Members[0].Metadata);
    }

    [Fact]
    public async Task InconsistentProtocolTypeOrNoCommonProtocolIsRejected()
    {
        var h = new GroupHarness();
        _ = h.Group.JoinGroupAsync(Join(protocols: Range("t")));
        Assert.Equal(KafkaErrorCode.InconsistentGroupProtocol, (await Done(h.Group.JoinGroupAsync(Join(protocolType: "connect")))).ErrorCode);
        Assert.Equal(KafkaErrorCode.InconsistentGroupProtocol, (await Done(h.Group.JoinGroupAsync(Join(protocols: RoundRobin("t"))))).ErrorCode);
        Assert.Equal(KafkaErrorCode.InconsistentGroupProtocol, (await Done(new GroupHarness().Group.JoinGroupAsync(Join(protocolType: "")))).ErrorCode);
    }

    [Theory]
    [InlineData(5_999, KafkaErrorCode.InvalidSessionTimeout)]
    [InlineData(6_000, KafkaErrorCode.None)]
    [InlineData(1_800_000, KafkaErrorCode.None)]
    [InlineData(1_800_001, KafkaErrorCode.InvalidSessionTimeout)]
    public async Task SessionTimeoutMustBeWithinBrokerBounds(int sessionTimeoutMs, KafkaErrorCode expected)
    {
        var h = new GroupHarness();
        var join = h.Group.JoinGroupAsync(Join(sessionTimeoutMs: sessionTimeoutMs));
        h.RunUntilCompleted(join);
        Assert.Equal(expected, (await Done(join)).ErrorCode);
    }

    [Fact]
    public async Task GroupMaxSizeRefusesExtraMembers()
    {
        var h = new GroupHarness(new ConsumerGroupOptions { GroupMaxSize = 2 });
        var stable = await h.FormStableGroupAsync(Join(), Join());
        var third = await Done(h.Group.JoinGroupAsync(Join()));
        Assert.Equal(KafkaErrorCode.GroupMaxSizeReached, third.ErrorCode);
        Assert.Equal(2, h.Group.MemberIds.Count);
        Assert.Equal(ConsumerGroupState.Stable, h.Group.State);
        Assert.Equal(KafkaErrorCode.None, h.Group.Heartbeat(stable.MemberId(1), null, 1));
    }

    [Fact]
    public async Task SyncGroupErrors()
    {
        var h = new GroupHarness();
        Assert.Equal(KafkaErrorCode.UnknownMemberId, (await Done(h.Group.SyncGroupAsync(new SyncGroupRequestData("x", null, 1, null, null, new Dictionary<string, byte[]>())))).ErrorCode);
        var stable = await h.FormStableGroupAsync(Join(), Join());
        var a = stable.MemberId(0);
        var none = new Dictionary<string, byte[]>();
        Assert.Equal(KafkaErrorCode.IllegalGeneration, (await Done(h.Group.SyncGroupAsync(new SyncGroupRequestData(a, null, 7, null, null, none)))).ErrorCode);
        Assert.Equal(KafkaErrorCode.InconsistentGroupProtocol, (await Done(h.Group.SyncGroupAsync(new SyncGroupRequestData(a, null, 1, "connect", null, none)))).ErrorCode);
        Assert.Equal(KafkaErrorCode.InconsistentGroupProtocol, (await Done(h.Group.SyncGroupAsync(new SyncGroupRequestData(a, null, 1, "consumer", "roundrobin", none)))).ErrorCode);

        // Stable: SyncGroup returns the current assignment again.
        Assert.Equal(AssignmentFor(stable.MemberId(1)), (await Done(h.Group.SyncGroupAsync(new SyncGroupRequestData(stable.MemberId(1), null, 1, null, null, none)))).Assignment);

        _ = h.Group.JoinGroupAsync(Join(memberId: a));
        Assert.Equal(KafkaErrorCode.RebalanceInProgress, (await Done(h.Group.SyncGroupAsync(new SyncGroupRequestData(a, null, 1, null, null, none)))).ErrorCode);
    }

    [Fact]
    public async Task RebalanceDuringCompletingRebalanceFailsWaitingSyncs()
    {
        var h = new GroupHarness();
        var a = h.Group.JoinGroupAsync(Join());
        var b = h.Group.JoinGroupAsync(Join());
        h.RunUntilCompleted(a, b);
        var follower = await Done(b);
        var sync = h.Group.SyncGroupAsync(new SyncGroupRequestData(follower.MemberId, null, 1, null, null, new Dictionary<string, byte[]>()));
        Assert.False(sync.IsCompleted);

        // A new member arrives before the leader synced.
        _ = h.Group.JoinGroupAsync(Join());
        Assert.Equal(KafkaErrorCode.RebalanceInProgress, (await Done(sync)).ErrorCode);
        Assert.Equal(ConsumerGroupState.PreparingRebalance, h.Group.State);
    }

    [Fact]
    public async Task DescribeAndListReportKafkaStateNames()
    {
        var h = new GroupHarness();
        Assert.Equal("Dead", h.Group.Describe().State);
        Assert.Null(h.Group.ToListing());
        var a = h.Group.JoinGroupAsync(Join());
        Assert.Equal("PreparingRebalance", h.Group.Describe().State);
        h.RunUntilCompleted(a);
        Assert.Equal("CompletingRebalance", h.Group.ToListing()!.GroupState);
        Assert.Empty(h.Group.Describe().Members[0].MemberAssignment);
        var leader = await Done(a);
        await Done(h.Group.SyncGroupAsync(new SyncGroupRequestData(leader.MemberId, null, 1, null, null, new Dictionary<string, byte[]> { [leader.MemberId] = [5] })));
        var described = h.Group.Describe();
        Assert.Equal(("Stable", "consumer", "range"), (described.State, described.ProtocolType, described.ProtocolData));
        Assert.Equal([5], described.Members[0].MemberAssignment);
        Assert.Equal(Range("orders").Metadata, described.Members[0].MemberMetadata);
        Assert.Equal("/10.0.0.1", described.Members[0].ClientHost);
        h.Group.LeaveGroup([new LeaveGroupMember(leader.MemberId, null)]);
        Assert.Equal(new GroupListing("group-1", "consumer", "Empty"), h.Group.ToListing());
    }
}
