// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Grains.ConsumerGroups;
using Granary.Protocol;
using Xunit;
using static Granary.Grains.Tests.ConsumerGroups.GroupHarness;

namespace Granary.Grains.Tests.ConsumerGroups;

public sealed class ConsumerGroupOffsetTests
{
    private static readonly OffsetCommitPartition Orders0 = new("orders", 0, 42, 7, "checkpoint");

    [Fact]
    public async Task MemberCommitsAreValidatedAgainstMemberAndGeneration()
    {
        var h = new GroupHarness();
        var stable = await h.FormStableGroupAsync(Join(protocols: Range("orders")), Join(protocols: Range("orders")));
        var a = stable.MemberId(0);
        Assert.Equal(KafkaErrorCode.IllegalGeneration, h.Group.CommitOffsets(a, null, 2, [Orders0])[0].ErrorCode);
        Assert.Equal(KafkaErrorCode.UnknownMemberId, h.Group.CommitOffsets("ghost", null, 1, [Orders0])[0].ErrorCode);
        Assert.Equal(KafkaErrorCode.UnknownMemberId, h.Group.CommitOffsets(string.Empty, null, -1, [Orders0])[0].ErrorCode);
        Assert.Null(h.Group.GetCommittedOffset(new TopicPartition("orders", 0)));

        h.Time.Advance(TimeSpan.FromMilliseconds(250));
        Assert.Equal(KafkaErrorCode.None, h.Group.CommitOffsets(a, null, 1, [Orders0])[0].ErrorCode);
        Assert.Equal(new CommittedOffset(42, 7, "checkpoint", h.NowMs), h.Group.GetCommittedOffset(new TopicPartition("orders", 0)));

        // PreparingRebalance still accepts commits of the current generation.
        _ = h.Group.JoinGroupAsync(Join(memberId: a, protocols: Range("orders")));
        Assert.Equal(KafkaErrorCode.None, h.Group.CommitOffsets(stable.MemberId(1), null, 1, [Orders0 with { Offset = 43 }])[0].ErrorCode);

        // CompletingRebalance: the member has the new generation but no assignment yet.
        var rejoinB = h.Group.JoinGroupAsync(Join(memberId: stable.MemberId(1), protocols: Range("orders")));
        Assert.Equal(ConsumerGroupState.CompletingRebalance, h.Group.State);
        Assert.Equal(2, (await Done(rejoinB)).GenerationId);
        Assert.Equal(KafkaErrorCode.RebalanceInProgress, h.Group.CommitOffsets(a, null, 2, [Orders0])[0].ErrorCode);
        Assert.Equal(KafkaErrorCode.IllegalGeneration, h.Group.CommitOffsets(a, null, 1, [Orders0])[0].ErrorCode);
        Assert.Equal(43, h.Group.GetCommittedOffset(new TopicPartition("orders", 0))!.Offset);
    }

    [Fact]
    public void StandaloneCommitsCreateAnOffsetsOnlyGroup()
    {
        var h = new GroupHarness();
        Assert.Equal(KafkaErrorCode.IllegalGeneration, h.Group.CommitOffsets("m", null, 3, [Orders0])[0].ErrorCode);
        Assert.Equal(ConsumerGroupState.Dead, h.Group.State);

        var results = h.Group.CommitOffsets(string.Empty, null, -1, [Orders0, new("orders", 1, 10, -1, null)]);
        Assert.All(results, r => Assert.Equal(KafkaErrorCode.None, r.ErrorCode));
        Assert.Equal(ConsumerGroupState.Empty, h.Group.State);
        Assert.Null(h.Group.ProtocolType);
        Assert.Equal(2, h.Group.DrainRecords().Count);

        var fetched = h.Group.FetchOffsets([new("orders", 1), new("orders", 0), new("payments", 0)]);
        Assert.Equal((10L, -1, ""), (fetched[0].Offset, fetched[0].LeaderEpoch, fetched[0].Metadata));
        Assert.Equal((42L, 7, "checkpoint"), (fetched[1].Offset, fetched[1].LeaderEpoch, fetched[1].Metadata));
        Assert.Equal((-1L, -1, ""), (fetched[2].Offset, fetched[2].LeaderEpoch, fetched[2].Metadata));
        Assert.All(fetched, f => Assert.Equal(KafkaErrorCode.None, f.ErrorCode));
        Assert.Equal([0, 1], h.Group.FetchOffsets(null).Select(f => f.Partition));
    }

    [Fact]
    public void FetchFromUnknownGroupAnswersMinusOne()
    {
        var h = new GroupHarness();
        Assert.Empty(h.Group.FetchOffsets(null));
        Assert.Equal(-1, h.Group.FetchOffsets([new("orders", 3)]).Single().Offset);
    }

    [Fact]
    public void OversizedMetadataFailsOnlyThatPartition()
    {
        var h = new GroupHarness(new ConsumerGroupOptions { OffsetMetadataMaxBytes = 10 });
        var results = h.Group.CommitOffsets(
            string.Empty,
            null,
            -1,
            [new("t", 0, 1, -1, new string('x', 10)), new("t", 1, 1, -1, new string('x', 11))]);
        Assert.Equal([KafkaErrorCode.None, KafkaErrorCode.OffsetMetadataTooLarge], results.Select(r => r.ErrorCode));
        Assert.NotNull(h.Group.GetCommittedOffset(new("t", 0)));
        Assert.Null(h.Group.GetCommittedOffset(new("t", 1)));
    }

    [Fact]
    public void StandaloneOffsetsExpireRetentionAfterTheirCommit()
    {
        var h = new GroupHarness(new ConsumerGroupOptions { OffsetsRetentionMinutes = 1, OffsetsRetentionCheckIntervalMs = 1_000 });
        h.Group.CommitOffsets(string.Empty, null, -1, [new("t", 0, 1, -1, null)]);
        h.Advance(30_000);
        h.Group.CommitOffsets(string.Empty, null, -1, [new("t", 1, 1, -1, null)]);
        h.Group.DrainRecords();
        h.Advance(30_000);
        Assert.Null(h.Group.GetCommittedOffset(new("t", 0)));
        Assert.NotNull(h.Group.GetCommittedOffset(new("t", 1)));
        var tombstone = Assert.Single(h.Group.DrainRecords());
        Assert.True(tombstone.IsTombstone);

        h.Advance(30_000);
        Assert.Empty(h.Group.FetchOffsets(null));
        Assert.Equal(ConsumerGroupState.Dead, h.Group.State);
        Assert.Equal(2, h.Group.DrainRecords().Count(r => r.IsTombstone)); // the offset and the group
    }

    [Fact]
    public async Task OffsetsOfAnEmptyGroupExpireRetentionAfterItBecameEmpty()
    {
        var h = new GroupHarness(new ConsumerGroupOptions { OffsetsRetentionMinutes = 1, OffsetsRetentionCheckIntervalMs = 1_000 });
        var stable = await h.FormStableGroupAsync(Join(sessionTimeoutMs: 600_000, protocols: Range("t")));
        h.Group.CommitOffsets(stable.MemberId(0), null, 1, [new("t", 0, 5, -1, null)]);

        // Members keep offsets alive however old the commit is.
        h.Advance(120_000);
        Assert.Equal(KafkaErrorCode.None, h.Group.Heartbeat(stable.MemberId(0), null, 1));
        Assert.NotNull(h.Group.GetCommittedOffset(new("t", 0)));

        h.Group.LeaveGroup([new(stable.MemberId(0), null)]);
        Assert.Equal(ConsumerGroupState.Empty, h.Group.State);
        h.Advance(59_000);
        Assert.NotNull(h.Group.GetCommittedOffset(new("t", 0)));
        h.Advance(1_000);
        Assert.Null(h.Group.GetCommittedOffset(new("t", 0)));
        Assert.Equal(ConsumerGroupState.Dead, h.Group.State);
    }

    [Fact]
    public async Task StableConsumerGroupExpiresOffsetsOfTopicsItNoLongerSubscribes()
    {
        var h = new GroupHarness(new ConsumerGroupOptions { OffsetsRetentionMinutes = 1, OffsetsRetentionCheckIntervalMs = 1_000 });
        var stable = await h.FormStableGroupAsync(Join(sessionTimeoutMs: 600_000, protocols: Range("orders")));
        h.Group.CommitOffsets(stable.MemberId(0), null, 1, [new("orders", 0, 5, -1, null), new("legacy", 0, 9, -1, null)]);
        h.Advance(60_000);
        Assert.NotNull(h.Group.GetCommittedOffset(new("orders", 0)));
        Assert.Null(h.Group.GetCommittedOffset(new("legacy", 0)));
    }

    [Fact]
    public async Task OffsetDeleteRefusesSubscribedTopicsOfAnActiveGroup()
    {
        var h = new GroupHarness();
        Assert.Equal(KafkaErrorCode.GroupIdNotFound, h.Group.DeleteOffsets([new("orders", 0)]).ErrorCode);
        var stable = await h.FormStableGroupAsync(Join(protocols: Range("orders")));
        h.Group.CommitOffsets(stable.MemberId(0), null, 1, [new("orders", 0, 5, -1, null), new("legacy", 0, 9, -1, null)]);
        var result = h.Group.DeleteOffsets([new("orders", 0), new("legacy", 0)]);
        Assert.Equal(KafkaErrorCode.None, result.ErrorCode);
        Assert.Equal([KafkaErrorCode.GroupSubscribedToTopic, KafkaErrorCode.None], result.Partitions.Select(p => p.ErrorCode));
        Assert.NotNull(h.Group.GetCommittedOffset(new("orders", 0)));
        Assert.Null(h.Group.GetCommittedOffset(new("legacy", 0)));
    }

    [Fact]
    public async Task DeleteGroupOnlyWhenEmpty()
    {
        var h = new GroupHarness();
        Assert.Equal(KafkaErrorCode.GroupIdNotFound, h.Group.DeleteGroup());
        var stable = await h.FormStableGroupAsync(Join());
        h.Group.CommitOffsets(stable.MemberId(0), null, 1, [Orders0]);
        Assert.Equal(KafkaErrorCode.NonEmptyGroup, h.Group.DeleteGroup());

        h.Group.LeaveGroup([new(stable.MemberId(0), null)]);
        h.Group.DrainRecords();
        Assert.Equal(KafkaErrorCode.None, h.Group.DeleteGroup());
        Assert.Equal(ConsumerGroupState.Dead, h.Group.State);
        Assert.Equal(-1, h.Group.FetchOffsets([new("orders", 0)])[0].Offset);
        var records = h.Group.DrainRecords();
        Assert.Equal(2, records.Count);
        Assert.All(records, r => Assert.True(r.IsTombstone));
        Assert.Equal(KafkaErrorCode.GroupIdNotFound, h.Group.DeleteGroup());
    }
}
