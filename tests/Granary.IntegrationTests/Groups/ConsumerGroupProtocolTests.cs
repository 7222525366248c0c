// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.IntegrationTests.Infrastructure;
using Granary.Protocol;
using Granary.Protocol.Messages;
using Xunit;

namespace Granary.IntegrationTests.Groups;

/// <summary>A raw-protocol consumer group member against a child-process silo, and offsets that survive a SIGKILL.</summary>
public sealed class ConsumerGroupProtocolTests
{
    private static readonly byte[] Subscription = [0, 0, 0, 0, 0, 1, 0, 6, (byte)'o', (byte)'r', (byte)'d', (byte)'e', (byte)'r', (byte)'s', 0, 0, 0, 0];

    [Fact]
    public async Task A_single_member_joins_syncs_commits_and_its_offsets_survive_a_sigkill()
    {
        using var data = new TempDirectory();
        var silo = await SiloProcess.StartAsync(data.Path, "--silo-id", "2", "--override", "group.initial.rebalance.delay.ms=0", "--override", "num.partitions=2");
        try
        {
            var port = silo.Port;
            await GroupProtocolClient.SendAsync<MetadataRequest, MetadataResponse>(
                port, 3, 9, 9, new MetadataRequest { Topics = [new MetadataRequest.MetadataRequestTopic { Name = "orders" }] });

            var coordinator = await GroupProtocolClient.SendAsync<FindCoordinatorRequest, FindCoordinatorResponse>(
                port, 10, 2, 3, new FindCoordinatorRequest { Key = "billing", KeyType = 0 });
            Assert.Equal((short)KafkaErrorCode.None, coordinator.ErrorCode);
            Assert.Equal(2, coordinator.NodeId);
            Assert.Equal(port, coordinator.Port);

            var batched = await GroupProtocolClient.SendAsync<FindCoordinatorRequest, FindCoordinatorResponse>(
                port, 10, 4, 3, new FindCoordinatorRequest { KeyType = 1, CoordinatorKeys = ["tx-1"] });
            Assert.Equal((short)KafkaErrorCode.CoordinatorNotAvailable, Assert.Single(batched.Coordinators).ErrorCode);

            // v4+: the first join only hands out a member id.
            var join = new JoinGroupRequest
            {
                GroupId = "billing",
                SessionTimeoutMs = 10_000,
                RebalanceTimeoutMs = 10_000,
                ProtocolType = "consumer",
                Protocols = [new JoinGroupRequest.JoinGroupRequestProtocol { Name = "range", Metadata = Subscription }],
            };
            var first = await GroupProtocolClient.SendAsync<JoinGroupRequest, JoinGroupResponse>(port, 11, 7, 6, join);
            Assert.Equal((short)KafkaErrorCode.MemberIdRequired, first.ErrorCode);
            Assert.NotEmpty(first.MemberId);

            join.MemberId = first.MemberId;
            var joined = await GroupProtocolClient.SendAsync<JoinGroupRequest, JoinGroupResponse>(port, 11, 7, 6, join);
            Assert.Equal((short)KafkaErrorCode.None, joined.ErrorCode);
            Assert.Equal(1, joined.GenerationId);
            Assert.Equal(first.MemberId, joined.Leader);
            Assert.Equal("range", joined.ProtocolName);
            Assert.Equal(first.MemberId, Assert.Single(joined.Members).MemberId);

            byte[] assignment = [0, 0, 0, 0, 0, 1, 0, 6, (byte)'o', (byte)'r', (byte)'d', (byte)'e', (byte)'r', (byte)'s', 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0];
            var sync = await GroupProtocolClient.SendAsync<SyncGroupRequest, SyncGroupResponse>(port, 14, 3, 4, new SyncGroupRequest
            {
                GroupId = "billing",
                GenerationId = 1,
                MemberId = first.MemberId,
                Assignments = [new SyncGroupRequest.SyncGroupRequestAssignment { MemberId = first.MemberId, Assignment = assignment }],
            });
            Assert.Equal((short)KafkaErrorCode.None, sync.ErrorCode);
            Assert.Equal(assignment, sync.Assignment.ToArray());

            var heartbeat = await GroupProtocolClient.SendAsync<HeartbeatRequest, HeartbeatResponse>(
                port, 12, 3, 4, new HeartbeatRequest { GroupId = "billing", GenerationId = 1, MemberId = first.MemberId });
            Assert.Equal((short)KafkaErrorCode.None, heartbeat.ErrorCode);

            var stale = await GroupProtocolClient.SendAsync<HeartbeatRequest, HeartbeatResponse>(
                port, 12, 3, 4, new HeartbeatRequest { GroupId = "billing", GenerationId = 7, MemberId = first.MemberId });
            Assert.Equal((short)KafkaErrorCode.IllegalGeneration, stale.ErrorCode);

            var commit = await GroupProtocolClient.SendAsync<OffsetCommitRequest, OffsetCommitResponse>(port, 8, 7, 8, new OffsetCommitRequest
            {
                GroupId = "billing",
                GenerationIdOrMemberEpoch = 1,
                MemberId = first.MemberId,
                Topics =
                [
                    new OffsetCommitRequest.OffsetCommitRequestTopic
                    {
                        Name = "orders",
                        Partitions =
                        [
                            new OffsetCommitRequest.OffsetCommitRequestPartition { PartitionIndex = 0, CommittedOffset = 42, CommittedMetadata = "m0" },
                            new OffsetCommitRequest.OffsetCommitRequestPartition { PartitionIndex = 1, CommittedOffset = 7 },
                            new OffsetCommitRequest.OffsetCommitRequestPartition { PartitionIndex = 9, CommittedOffset = 1 },
                        ],
                    },
                ],
            });
            var committed = Assert.Single(commit.Topics).Partitions;
            Assert.Equal([(short)KafkaErrorCode.None, (short)KafkaErrorCode.None, (short)KafkaErrorCode.UnknownTopicOrPartition], committed.Select(p => p.ErrorCode));

            var described = await GroupProtocolClient.SendAsync<DescribeGroupsRequest, DescribeGroupsResponse>(
                port, 15, 4, 5, new DescribeGroupsRequest { Groups = ["billing", "nobody"] });
            Assert.Equal("Stable", described.Groups[0].GroupState);
            Assert.Equal(assignment, Assert.Single(described.Groups[0].Members).MemberAssignment.ToArray());
            Assert.Equal("Dead", described.Groups[1].GroupState);

            var listed = await GroupProtocolClient.SendAsync<ListGroupsRequest, ListGroupsResponse>(
                port, 16, 4, 3, new ListGroupsRequest { StatesFilter = ["stable"] });
            Assert.Equal(["billing"], listed.Groups.Select(g => g.GroupId));

            var busy = await GroupProtocolClient.SendAsync<DeleteGroupsRequest, DeleteGroupsResponse>(
                port, 42, 1, 2, new DeleteGroupsRequest { GroupsNames = ["billing", "nobody"] });
            Assert.Equal([(short)KafkaErrorCode.NonEmptyGroup, (short)KafkaErrorCode.GroupIdNotFound], busy.Results.Select(r => r.ErrorCode));

            // The commit was acknowledged, so it is durable: kill -9 and restart on the same data directory.
            await silo.DisposeAsync();
            silo = await SiloProcess.StartAsync(data.Path, "--silo-id", "2", "--override", "group.initial.rebalance.delay.ms=0");
            port = silo.Port;

            var fetched = await GroupProtocolClient.SendAsync<OffsetFetchRequest, OffsetFetchResponse>(port, 9, 8, 6, new OffsetFetchRequest
            {
                Groups = [new OffsetFetchRequest.OffsetFetchRequestGroup { GroupId = "billing", Topics = null }],
            });
            var group = Assert.Single(fetched.Groups);
            Assert.Equal((short)KafkaErrorCode.None, group.ErrorCode);
            var partitions = Assert.Single(group.Topics).Partitions;
            Assert.Equal([(0, 42L, "m0"), (1, 7L, "")], partitions.Select(p => (p.PartitionIndex, p.CommittedOffset, p.Metadata ?? string.Empty)));

            // The member survived in the group metadata too: leaving by its id works after the restart.
            var leave = await GroupProtocolClient.SendAsync<LeaveGroupRequest, LeaveGroupResponse>(port, 13, 3, 4, new LeaveGroupRequest
            {
                GroupId = "billing",
                Members = [new LeaveGroupRequest.MemberIdentity { MemberId = first.MemberId }],
            });
            Assert.Equal((short)KafkaErrorCode.None, leave.ErrorCode);
            Assert.Equal((short)KafkaErrorCode.None, Assert.Single(leave.Members).ErrorCode);

            var deleted = await GroupProtocolClient.SendAsync<DeleteGroupsRequest, DeleteGroupsResponse>(
                port, 42, 1, 2, new DeleteGroupsRequest { GroupsNames = ["billing"] });
            Assert.Equal((short)KafkaErrorCode.None, Assert.Single(deleted.Results).ErrorCode);

            var old = await GroupProtocolClient.SendAsync<OffsetFetchRequest, OffsetFetchResponse>(port, 9, 5, 6, new OffsetFetchRequest
            {
                GroupId = "billing",
                Topics = [new OffsetFetchRequest.OffsetFetchRequestTopic { Name = "orders", PartitionIndexes = [0] }],
            });
            Assert.Equal(-1, Assert.Single(Assert.Single(old.Topics).Partitions).CommittedOffset);
        }
        finally
        {
            await silo.DisposeAsync();
        }
    }

    [Fact]
    public async Task Kcat_consumes_as_a_group_and_resumes_at_the_committed_offset_after_a_sigkill()
    {
        using var data = new TempDirectory();
        var silo = await SiloProcess.StartAsync(data.Path, "--override", "group.initial.rebalance.delay.ms=0", "--override", "num.partitions=1");
        try
        {
            var broker = $"127.0.0.1:{silo.Port}";
            await ProduceAsync(broker, "a1\na2\na3\n");

            var firstRun = await Kcat.RunAsync("-b", broker, "-G", "kgroup", "events", "-e", "-X", "auto.offset.reset=earliest", "-f", "%s\n");
            Assert.Equal(0, firstRun.ExitCode);
            Assert.Equal(["a1", "a2", "a3"], Lines(firstRun.Output, "a"));

            await silo.DisposeAsync();
            silo = await SiloProcess.StartAsync(data.Path, "--override", "group.initial.rebalance.delay.ms=0");
            broker = $"127.0.0.1:{silo.Port}";
            await ProduceAsync(broker, "a4\n");

            var secondRun = await Kcat.RunAsync("-b", broker, "-G", "kgroup", "events", "-e", "-X", "auto.offset.reset=earliest", "-f", "%s\n");
            Assert.Equal(0, secondRun.ExitCode);
            Assert.Equal(["a4"], Lines(secondRun.Output, "a"));
        }
        finally
        {
            await silo.DisposeAsync();
        }
    }

    private static string[] Lines(string output, string prefix) =>
        [.. output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith(prefix, StringComparison.Ordinal) && l.Length <= 3)];

    private static async Task ProduceAsync(string broker, string lines)
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, lines);
            var result = await Kcat.RunAsync("-P", "-b", broker, "-t", "events", "-l", file);
            Assert.True(result.ExitCode == 0, result.Output);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
