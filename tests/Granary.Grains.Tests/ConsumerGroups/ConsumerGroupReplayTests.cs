// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Grains.ConsumerGroups;
using Granary.Grains.ConsumerGroups.OffsetsTopic;
using Granary.Protocol;
using Xunit;
using static Granary.Grains.Tests.ConsumerGroups.GroupHarness;

namespace Granary.Grains.Tests.ConsumerGroups;

public sealed class ConsumerGroupReplayTests
{
    [Fact]
    public async Task ReplayRebuildsOffsetsGenerationProtocolAndStaticMembers()
    {
        var h = new GroupHarness();
        var stable = await h.FormStableGroupAsync(
            Join(instanceId: "i-a", version: 5, protocols: Range("orders")),
            Join(instanceId: "i-b", version: 5, protocols: Range("orders", "refunds")));
        h.Group.CommitOffsets(stable.MemberId(0), "i-a", 1, [new("orders", 0, 100, 3, "a"), new("orders", 1, 200, 3, "b")]);
        h.Group.CommitOffsets(stable.MemberId(1), "i-b", 1, [new("orders", 1, 250, 4, "c")]);
        var log = h.Group.DrainRecords();
        Assert.Equal(4, log.Count);

        // A new activation (another silo, later) replays the log, plus a record of another group.
        var later = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(StartMs + 60_000), fakeTimers: false);
        var restored = new ConsumerGroup("group-1", new ConsumerGroupOptions(), later);
        Assert.False(restored.Replay(new OffsetsTopicRecord(OffsetsTopicCodec.EncodeKey(new GroupMetadataKey("other")), null)));
        foreach (var record in log)
        {
            Assert.True(restored.Replay(record));
        }

        Assert.Equal(ConsumerGroupState.Stable, restored.State);
        Assert.Equal(1, restored.GenerationId);
        Assert.Equal(("consumer", "range", stable.MemberId(0)), (restored.ProtocolType, restored.ProtocolName, restored.LeaderId));
        Assert.Equal(h.Group.MemberIds, restored.MemberIds);
        Assert.Equal(new HashSet<string> { "orders", "refunds" }, restored.SubscribedTopics);
        Assert.Equal(new CommittedOffset(100, 3, "a", StartMs + 6_000), restored.GetCommittedOffset(new("orders", 0)));
        Assert.Equal(250, restored.GetCommittedOffset(new("orders", 1))!.Offset);
        Assert.Equal(h.Group.Describe(), restored.Describe(), new DescriptionComparer());

        // Members carry on: heartbeats work, and a restarted static member rejoins without a rebalance.
        Assert.Equal(KafkaErrorCode.None, restored.Heartbeat(stable.MemberId(0), "i-a", 1));
        var rejoin = await Done(restored.JoinGroupAsync(Join(instanceId: "i-b", version: 5, protocols: Range("orders", "refunds"))));
        Assert.Equal(KafkaErrorCode.None, rejoin.ErrorCode);
        Assert.Equal(ConsumerGroupState.Stable, restored.State);
        var sync = await Done(restored.SyncGroupAsync(new SyncGroupRequestData(rejoin.MemberId, "i-b", 1, null, null, new Dictionary<string, byte[]>())));
        Assert.Equal(AssignmentFor(stable.MemberId(1)), sync.Assignment);
    }

    [Fact]
    public async Task ReplayedMembersGetAFreshSessionFromActivation()
    {
        var h = new GroupHarness();
        var stable = await h.FormStableGroupAsync(Join(sessionTimeoutMs: 10_000));
        var log = h.Group.DrainRecords();
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(StartMs + 3_600_000), fakeTimers: false);
        var restored = new ConsumerGroup("group-1", new ConsumerGroupOptions(), time);
        foreach (var record in log)
        {
            restored.Replay(record);
        }

        time.Advance(TimeSpan.FromMilliseconds(9_999));
        restored.Tick();
        Assert.Equal([stable.MemberId(0)], restored.MemberIds);
        time.Advance(TimeSpan.FromMilliseconds(1));
        restored.Tick();
        Assert.Equal(ConsumerGroupState.Empty, restored.State);
        Assert.Equal(2, restored.GenerationId);
    }

    [Fact]
    public async Task TombstonesDeleteOffsetsAndTheGroup()
    {
        var h = new GroupHarness();
        var stable = await h.FormStableGroupAsync(Join());
        h.Group.CommitOffsets(stable.MemberId(0), null, 1, [new("orders", 0, 1, -1, null), new("orders", 1, 2, -1, null)]);
        h.Group.DeleteOffsets([new("audit", 0)]);
        h.Group.LeaveGroup([new(stable.MemberId(0), null)]);
        var beforeDelete = h.Group.DrainRecords();
        h.Group.DeleteGroup();
        var log = beforeDelete.Concat(h.Group.DrainRecords()).ToList();

        var restored = new ConsumerGroup("group-1", new ConsumerGroupOptions(), h.Time);
        foreach (var record in beforeDelete)
        {
            restored.Replay(record);
        }

        Assert.Equal(ConsumerGroupState.Empty, restored.State);
        Assert.Equal(2, restored.GenerationId);
        Assert.Equal(2, restored.FetchOffsets(null).Count);

        var deleted = new ConsumerGroup("group-1", new ConsumerGroupOptions(), h.Time);
        foreach (var record in log)
        {
            deleted.Replay(record);
        }

        Assert.Equal(ConsumerGroupState.Dead, deleted.State);
        Assert.Empty(deleted.FetchOffsets(null));
    }

    [Fact]
    public void StandaloneOffsetsReplayIntoAnOffsetsOnlyGroup()
    {
        var h = new GroupHarness();
        h.Group.CommitOffsets(string.Empty, null, -1, [new("t", 0, 10, -1, null)]);
        var restored = new ConsumerGroup("group-1", new ConsumerGroupOptions(), h.Time);
        foreach (var record in h.Group.DrainRecords())
        {
            restored.Replay(record);
        }

        Assert.Equal(ConsumerGroupState.Empty, restored.State);
        Assert.Null(restored.ProtocolType);
        Assert.Equal(10, restored.FetchOffsets([new("t", 0)])[0].Offset);
    }

    private sealed class DescriptionComparer : IEqualityComparer<GroupDescription>
    {
        public bool Equals(GroupDescription? x, GroupDescription? y) =>
            x is not null && y is not null
            && (x.State, x.ProtocolType, x.ProtocolData, x.GroupId) == (y.State, y.ProtocolType, y.ProtocolData, y.GroupId)
            && x.Members.Count == y.Members.Count
            && x.Members.Zip(y.Members).All(p =>
                p.First.MemberId == p.Second.MemberId
                && p.First.GroupInstanceId == p.Second.GroupInstanceId
                && p.First.ClientId == p.Second.ClientId
                && p.First.MemberMetadata.AsSpan().SequenceEqual(p.Second.MemberMetadata)
                && p.First.MemberAssignment.AsSpan().SequenceEqual(p.Second.MemberAssignment));

        public int GetHashCode(GroupDescription obj) => obj.GroupId.GetHashCode(StringComparison.Ordinal);
    }
}
