// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Client.Admin;
using Granary.Protocol.Messages;
using Granary.Silo.Handlers;
using Xunit;

namespace Granary.Client.Tests.Admin;

/// <summary>The admin client re-routes after NOT_CONTROLLER, NOT_COORDINATOR and NOT_LEADER answers, and gives up at its deadline.</summary>
public class AdminRetryTests
{
    private const short NotController = 41;
    private const short NotCoordinator = 16;
    private const short NotLeader = 6;

    private static FaultInjectingHandler<CreateTopicsRequest> NotControllerFor(int faults) => new(faults, request => new CreateTopicsResponse
    {
        Topics = [.. request.Topics.Select(t => new CreateTopicsResponse.CreatableTopicResult { Name = t.Name, ErrorCode = NotController })],
    });

    [Fact]
    public async Task CreateTopics_answered_not_controller_is_sent_again_after_a_metadata_refresh()
    {
        var faults = NotControllerFor(2);
        await using var silo = await AdminSilo.StartAsync(services => faults.Replace<CreateTopicsHandler>(services));
        var logs = new List<LogMessage>();
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = silo.BootstrapServers })
            .SetLogHandler((_, m) => { lock (logs) { logs.Add(m); } })
            .Build();

        await admin.CreateTopicsAsync([new TopicSpecification { Name = "retried", NumPartitions = 2 }]);

        Assert.Equal(3, faults.Calls);
        Assert.Equal(2, Assert.Single(admin.GetMetadata("retried", TimeSpan.FromSeconds(10)).Topics).Partitions.Count);
        Assert.Equal(2, logs.Count(l => l.Message.Contains("not the controller", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_controller_that_keeps_moving_ends_in_a_timeout_at_the_request_deadline()
    {
        var faults = NotControllerFor(int.MaxValue);
        await using var silo = await AdminSilo.StartAsync(services => faults.Replace<CreateTopicsHandler>(services));
        using var admin = silo.CreateAdmin();
        var ex = await Assert.ThrowsAsync<KafkaException>(() => admin.CreateTopicsAsync(
            [new TopicSpecification { Name = "never", NumPartitions = 1 }],
            new CreateTopicsOptions { RequestTimeout = TimeSpan.FromSeconds(1) }));
        Assert.Equal(ErrorCode.Local_TimedOut, ex.Error.Code);
        Assert.True(faults.Calls >= 2, $"Only {faults.Calls} attempt(s)");
    }

    [Fact]
    public async Task Group_requests_answered_not_coordinator_find_the_coordinator_again()
    {
        var faults = new FaultInjectingHandler<DescribeGroupsRequest>(1, request => new DescribeGroupsResponse
        {
            Groups = [.. request.Groups.Select(g => new DescribeGroupsResponse.DescribedGroup { GroupId = g, ErrorCode = NotCoordinator, GroupState = string.Empty, ProtocolType = string.Empty, ProtocolData = string.Empty })],
        });
        var lookups = new FaultInjectingHandler<FindCoordinatorRequest>(0, _ => new FindCoordinatorResponse());
        await using var silo = await AdminSilo.StartAsync(services =>
        {
            faults.Replace<DescribeGroupsHandler>(services);
            lookups.Replace<FindCoordinatorHandler>(services);
        });
        using var admin = silo.CreateAdmin();

        var described = await admin.DescribeConsumerGroupsAsync(["retry-group"]);

        Assert.Equal(ConsumerGroupState.Dead, Assert.Single(described.ConsumerGroupDescriptions).State);
        Assert.Equal(2, faults.Calls);
        Assert.Equal(2, lookups.Calls);
    }

    [Fact]
    public async Task Partitions_answered_not_leader_are_sent_again_to_the_leader_from_fresh_metadata()
    {
        var faults = new FaultInjectingHandler<ListOffsetsRequest>(1, request => new ListOffsetsResponse
        {
            Topics = [.. request.Topics.Select(t => new ListOffsetsResponse.ListOffsetsTopicResponse
            {
                Name = t.Name,
                Partitions = [.. t.Partitions.Select(p => new ListOffsetsResponse.ListOffsetsPartitionResponse { PartitionIndex = p.PartitionIndex, ErrorCode = NotLeader })],
            })],
        });
        await using var silo = await AdminSilo.StartAsync(services => faults.Replace<ListOffsetsHandler>(services));
        using var admin = silo.CreateAdmin();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = "moved", NumPartitions = 1 }]);

        var result = await admin.ListOffsetsAsync([new TopicPartitionOffsetSpec { TopicPartition = new TopicPartition("moved", 0), OffsetSpec = OffsetSpec.Latest() }]);

        var info = Assert.Single(result.ResultInfos);
        Assert.False(info.TopicPartitionOffsetError.Error.IsError);
        Assert.Equal(0, info.TopicPartitionOffsetError.Offset.Value);
        Assert.Equal(2, faults.Calls);
    }
}
