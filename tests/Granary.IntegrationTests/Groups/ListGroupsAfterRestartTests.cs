// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.IntegrationTests.Infrastructure;
using Granary.Protocol.Messages;
using Xunit;
using static Granary.IntegrationTests.Topics.AdminCalls;

namespace Granary.IntegrationTests.Groups;

/// <summary>Groups with state in __consumer_offsets are listed and described after a restart, before anything activates them.</summary>
public sealed class ListGroupsAfterRestartTests
{
    [Fact]
    public async Task List_and_describe_groups_see_groups_from_before_a_restart_but_not_deleted_ones()
    {
        using var data = new TempDirectory();
        var silo = await SiloProcess.StartAsync(data.Path, "--override", "offsets.topic.num.partitions=3");
        try
        {
            await CreateAsync(silo.Port, 5, false, Topic("t", 1));
            foreach (var group in new[] { "alpha", "beta", "gone" })
            {
                var committed = await CallAsync<OffsetCommitResponse>(silo.Port, new OffsetCommitRequest
                {
                    GroupId = group,
                    Topics = [new() { Name = "t", Partitions = [new() { PartitionIndex = 0, CommittedOffset = 5 }] }],
                }, 2);
                Assert.Equal(0, committed.Topics.Single().Partitions.Single().ErrorCode);
            }

            var deleted = await CallAsync<DeleteGroupsResponse>(silo.Port, new DeleteGroupsRequest { GroupsNames = ["gone"] }, 1);
            Assert.Equal(0, deleted.Results.Single().ErrorCode);

            await silo.DisposeAsync();
            silo = await SiloProcess.StartAsync(data.Path, "--override", "offsets.topic.num.partitions=3");

            var listed = await CallAsync<ListGroupsResponse>(silo.Port, new ListGroupsRequest(), 4);
            Assert.Equal(0, listed.ErrorCode);
            Assert.Equal(["alpha", "beta"], listed.Groups.Select(g => g.GroupId).Order(StringComparer.Ordinal));
            Assert.All(listed.Groups, g => Assert.Equal("Empty", g.GroupState));

            var described = await CallAsync<DescribeGroupsResponse>(silo.Port, new DescribeGroupsRequest { Groups = ["beta"] }, 3);
            var beta = Assert.Single(described.Groups);
            Assert.Equal((0, "Empty"), (beta.ErrorCode, beta.GroupState));

            var fetched = await CallAsync<OffsetFetchResponse>(silo.Port, new OffsetFetchRequest
            {
                GroupId = "alpha",
                Topics = [new() { Name = "t", PartitionIndexes = [0] }],
            }, 3);
            Assert.Equal(5, fetched.Topics.Single().Partitions.Single().CommittedOffset);
        }
        finally
        {
            await silo.DisposeAsync();
        }
    }
}
