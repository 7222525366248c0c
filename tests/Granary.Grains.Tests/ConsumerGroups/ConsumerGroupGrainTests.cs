// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Grains.ConsumerGroups;
using Granary.Protocol;
using Xunit;

namespace Granary.Grains.Tests.ConsumerGroups;

public sealed class ConsumerGroupGrainTests
{
    private static readonly GroupProtocol[] Protocols = [new("range", [0, 0, 0, 0, 0, 1, 0, 1, (byte)'t', 0, 0, 0, 0])];

    private static JoinGroupRequestData Join(string memberId, string? instanceId = null) =>
        new(5, memberId, instanceId, "client", "/127.0.0.1", 10_000, 10_000, "consumer", Protocols);

    [Fact]
    public async Task A_member_joins_and_syncs_through_the_grain_and_its_commit_and_membership_survive_reactivation()
    {
        await using var harness = await GroupGrainHarness.StartAsync();
        var group = harness.Group("payments");

        var first = await group.JoinGroupAsync(Join(string.Empty, "instance-1")).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(KafkaErrorCode.None, first.ErrorCode);
        Assert.Equal(1, first.GenerationId);
        var memberId = first.MemberId;
        Assert.Equal(memberId, first.LeaderId);

        byte[] assignment = [9, 8, 7];
        var sync = await group.SyncGroupAsync(new SyncGroupRequestData(memberId, "instance-1", 1, "consumer", "range", new Dictionary<string, byte[]> { [memberId] = assignment }))
            .AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(KafkaErrorCode.None, sync.ErrorCode);
        Assert.Equal(assignment, sync.Assignment);

        var committed = await group.CommitOffsetsAsync(new OffsetCommitRequestData(memberId, "instance-1", 1, [new OffsetCommitPartition("t", 0, 17, 3, "meta")]))
            .AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(KafkaErrorCode.None, Assert.Single(committed).ErrorCode);

        await harness.RestartAsync();
        group = harness.Group("payments");

        var fetched = Assert.Single(await group.FetchOffsetsAsync(null));
        Assert.Equal(("t", 0, 17L, 3, "meta"), (fetched.Topic, fetched.Partition, fetched.Offset, fetched.LeaderEpoch, fetched.Metadata));
        var description = await group.DescribeAsync();
        Assert.Equal("Stable", description.State);
        var member = Assert.Single(description.Members);
        Assert.Equal((memberId, "instance-1"), (member.MemberId, member.GroupInstanceId));
        Assert.Equal(assignment, member.MemberAssignment);

        // The static member's id and generation were restored, so it can heartbeat after the restart.
        Assert.Equal(KafkaErrorCode.None, await group.HeartbeatAsync(memberId, "instance-1", 1));
    }

    [Fact]
    public async Task A_pending_join_does_not_block_other_calls_on_the_grain()
    {
        await using var harness = await GroupGrainHarness.StartAsync(o => o.GroupInitialRebalanceDelayMs = 1500);
        var group = harness.Group("slow");

        // The initial rebalance delay holds this (static, so admitted at once) join open; the grain must still answer
        // other calls meanwhile.
        var pending = group.JoinGroupAsync(Join(string.Empty, "instance-slow")).AsTask();
        var description = await group.DescribeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("PreparingRebalance", description.State);
        Assert.False(pending.IsCompleted);

        // The grain timer fires after the delay in real time but acts on the fake clock: the join completes only once
        // the fake clock has passed the delay too.
        harness.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(KafkaErrorCode.None, (await pending.WaitAsync(TimeSpan.FromSeconds(30))).ErrorCode);
    }

    [Fact]
    public async Task Deleting_a_group_tombstones_its_offsets_durably()
    {
        await using var harness = await GroupGrainHarness.StartAsync();
        var group = harness.Group("standalone");
        var committed = await group.CommitOffsetsAsync(new OffsetCommitRequestData(string.Empty, null, -1, [new OffsetCommitPartition("t", 1, 5, -1, null)]));
        Assert.Equal(KafkaErrorCode.None, Assert.Single(committed).ErrorCode);

        Assert.Equal(KafkaErrorCode.None, await group.DeleteGroupAsync());
        await harness.RestartAsync();

        Assert.Equal(-1, Assert.Single(await harness.Group("standalone").FetchOffsetsAsync([new TopicPartition("t", 1)])).Offset);
        Assert.Equal(KafkaErrorCode.GroupIdNotFound, await harness.Group("standalone").DeleteGroupAsync());
    }

    [Fact]
    public async Task Offsets_of_an_empty_group_expire_after_the_retention_and_stay_expired_after_reactivation()
    {
        await using var harness = await GroupGrainHarness.StartAsync(o =>
        {
            o.OffsetsRetentionMinutes = 1;
            o.OffsetsRetentionCheckIntervalMs = 50;
        });
        var group = harness.Group("expiring");
        var partitions = new[] { new TopicPartition("t", 0) };
        await group.CommitOffsetsAsync(new OffsetCommitRequestData(string.Empty, null, -1, [new OffsetCommitPartition("t", 0, 99, -1, null)]));
        Assert.Equal(99, Assert.Single(await group.FetchOffsetsAsync(partitions)).Offset);

        harness.Clock.Advance(TimeSpan.FromMinutes(2));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (Assert.Single(await group.FetchOffsetsAsync(partitions)).Offset != -1)
        {
            await Task.Delay(20, timeout.Token);
        }

        await harness.RestartAsync();
        Assert.Equal(-1, Assert.Single(await harness.Group("expiring").FetchOffsetsAsync(partitions)).Offset);
    }
}
