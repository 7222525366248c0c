// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Client.Admin;
using Xunit;

namespace Granary.Client.Tests.Admin;

public class AdminGroupTests(AdminSilo silo) : IClassFixture<AdminSilo>
{
    [Fact]
    public async Task A_live_group_is_listed_described_with_its_member_and_assignment_and_cannot_be_deleted()
    {
        using var admin = silo.CreateAdmin();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = "grp-topic", NumPartitions = 3 }]);
        TopicPartition[] assignment = [new("grp-topic", 0), new("grp-topic", 1), new("grp-topic", 2)];
        await using var member = await RawGroupMember.JoinAsync(silo.BootstrapServers, "grp-live", "member-client", assignment);

        var listed = await admin.ListConsumerGroupsAsync();
        var listing = Assert.Single(listed.Valid, g => g.GroupId == "grp-live");
        Assert.Equal(ConsumerGroupState.Stable, listing.State);
        Assert.False(listing.IsSimpleConsumerGroup);

        var onlyEmpty = await admin.ListConsumerGroupsAsync(new ListConsumerGroupsOptions { MatchStates = [ConsumerGroupState.Empty] });
        Assert.DoesNotContain(onlyEmpty.Valid, g => g.GroupId == "grp-live");

        var described = await admin.DescribeConsumerGroupsAsync(["grp-live"]);
        var group = Assert.Single(described.ConsumerGroupDescriptions);
        Assert.False(group.Error.IsError);
        Assert.Equal(ConsumerGroupState.Stable, group.State);
        Assert.Equal("range", group.PartitionAssignor);
        Assert.Equal((await admin.DescribeClusterAsync()).Nodes[0], group.Coordinator);
        var described1 = Assert.Single(group.Members);
        Assert.Equal("member-client", described1.ClientId);
        Assert.Equal(member.MemberId, described1.ConsumerId);
        Assert.Contains("127.0.0.1", described1.Host, StringComparison.Ordinal);
        Assert.Equal(assignment, described1.Assignment.TopicPartitions);

        var info = admin.ListGroup("grp-live", TimeSpan.FromSeconds(10));
        Assert.NotNull(info);
        Assert.Equal("Stable", info!.State);
        Assert.Equal("consumer", info.ProtocolType);
        Assert.Equal(RawGroupMember.EncodeAssignment(assignment), Assert.Single(info.Members).MemberAssignment);
        Assert.Contains(admin.ListGroups(TimeSpan.FromSeconds(10)), g => g.Group == "grp-live");

        var refused = await Assert.ThrowsAsync<DeleteGroupsException>(() => admin.DeleteGroupsAsync(["grp-live"]));
        Assert.Equal(ErrorCode.NonEmptyGroup, Assert.Single(refused.Results).Error.Code);

        await member.LeaveAsync();
        var empty = Assert.Single((await admin.DescribeConsumerGroupsAsync(["grp-live"])).ConsumerGroupDescriptions);
        Assert.Equal(ConsumerGroupState.Empty, empty.State);
        Assert.Empty(empty.Members);
        await admin.DeleteGroupsAsync(["grp-live"]);
        Assert.DoesNotContain((await admin.ListConsumerGroupsAsync()).Valid, g => g.GroupId == "grp-live");
    }

    [Fact]
    public async Task Unknown_groups_are_reported_per_group()
    {
        using var admin = silo.CreateAdmin();
        var ex = await Assert.ThrowsAsync<DeleteGroupsException>(() => admin.DeleteGroupsAsync(["grp-never-existed"]));
        Assert.Equal(ErrorCode.GroupIdNotFound, Assert.Single(ex.Results).Error.Code);

        // Kafka describes an unknown classic group as Dead with no members (DescribeGroups v5 has no not-found error).
        var described = await admin.DescribeConsumerGroupsAsync(["grp-never-existed"]);
        var group = Assert.Single(described.ConsumerGroupDescriptions);
        Assert.Equal(ConsumerGroupState.Dead, group.State);
        Assert.Empty(group.Members);
        var info = admin.ListGroup("grp-never-existed", TimeSpan.FromSeconds(10));
        Assert.True(info is null || info.State == "Dead", $"Unexpected state {info?.State}");
    }

    [Fact]
    public async Task Group_offsets_are_altered_listed_and_deleted_through_the_coordinator()
    {
        using var admin = silo.CreateAdmin();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = "grp-offsets", NumPartitions = 2 }]);
        var altered = await admin.AlterConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitionOffsets("grp-offs",
        [
            new TopicPartitionOffset("grp-offsets", 0, 5),
            new TopicPartitionOffset("grp-offsets", 1, 7),
        ])]);
        Assert.Equal([new TopicPartitionOffset("grp-offsets", 0, 5), new TopicPartitionOffset("grp-offsets", 1, 7)], Assert.Single(altered).Partitions);

        var all = Assert.Single(await admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions("grp-offs", null)]));
        Assert.Equal([(0, 5L), (1, 7L)], all.Partitions.Select(p => (p.Partition.Value, p.Offset.Value)));
        var listing = Assert.Single((await admin.ListConsumerGroupsAsync()).Valid, g => g.GroupId == "grp-offs");
        Assert.Equal(ConsumerGroupState.Empty, listing.State);

        var one = Assert.Single(await admin.ListConsumerGroupOffsetsAsync(
            [new ConsumerGroupTopicPartitions("grp-offs", [new TopicPartition("grp-offsets", 1), new TopicPartition("grp-offsets", 9)])]));
        Assert.Equal(7, one.Partitions[0].Offset.Value);
        Assert.Equal(Offset.Unset, one.Partitions[1].Offset);

        var deleted = await admin.DeleteConsumerGroupOffsetsAsync("grp-offs", [new TopicPartition("grp-offsets", 0)]);
        Assert.Equal([new TopicPartition("grp-offsets", 0)], deleted.Partitions);
        var after = Assert.Single(await admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions("grp-offs", null)]));
        Assert.Equal([(1, 7L)], after.Partitions.Select(p => (p.Partition.Value, p.Offset.Value)));

        var unknown = await Assert.ThrowsAsync<DeleteConsumerGroupOffsetsException>(
            () => admin.DeleteConsumerGroupOffsetsAsync("grp-no-such-group", [new TopicPartition("grp-offsets", 0)]));
        Assert.Equal(ErrorCode.GroupIdNotFound, unknown.Result.Error.Code);

        await Assert.ThrowsAsync<ArgumentException>(() => admin.AlterConsumerGroupOffsetsAsync(
            [new ConsumerGroupTopicPartitionOffsets("grp-offs", [new TopicPartitionOffset("grp-offsets", 0, Offset.End)])]));
    }

    [Fact]
    public async Task Offsets_of_a_group_with_live_members_cannot_be_altered()
    {
        using var admin = silo.CreateAdmin();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = "grp-busy-topic", NumPartitions = 1 }]);
        await using var member = await RawGroupMember.JoinAsync(silo.BootstrapServers, "grp-busy", "busy-client", [new("grp-busy-topic", 0)]);
        var ex = await Assert.ThrowsAsync<AlterConsumerGroupOffsetsException>(() => admin.AlterConsumerGroupOffsetsAsync(
            [new ConsumerGroupTopicPartitionOffsets("grp-busy", [new TopicPartitionOffset("grp-busy-topic", 0, 1)])]));
        var error = Assert.Single(Assert.Single(ex.Results).Partitions).Error.Code;
        Assert.Contains(error, new[] { ErrorCode.UnknownMemberId, ErrorCode.IllegalGeneration, ErrorCode.RebalanceInProgress });
    }
}
