// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Grains.Topics;
using Granary.IntegrationTests.DataPath;
using Granary.IntegrationTests.Infrastructure;
using Granary.Protocol;
using Granary.Protocol.Messages;
using Granary.Protocol.Records;
using Granary.Runtime;
using Granary.Storage;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static Granary.IntegrationTests.Topics.AdminCalls;

namespace Granary.IntegrationTests.Topics;

/// <summary>Config and partition changes through the topic grain reach the topic's open partition logs at once.</summary>
public sealed class TopicGrainTests
{
    [Fact]
    public async Task Flush_overrides_reach_the_open_log_and_removing_them_restores_the_fsync_every_commit_default()
    {
        await using var silo = await InProcessSilo.StartAsync();
        await CreateAsync(silo.Port, 5, false, Topic("f", 2));
        await using var client = await KafkaTestClient.ConnectAsync(silo.Port);
        await ProduceAsync(client, "f", 0);
        var logs = silo.Services.GetRequiredService<LogManager>();
        var open = logs.Get(new TopicPartition("f", 0));
        Assert.NotNull(open);
        Assert.Equal(1, open.Config.FlushMessages);

        Assert.Equal(0, (await AlterAsync(silo.Port, "f", ("flush.messages", 0, "500"), ("flush.ms", 0, "250"))).ErrorCode);
        Assert.Equal((500L, 250L), (open.Config.FlushMessages, open.Config.FlushMs));
        Assert.Null(logs.Get(new TopicPartition("f", 1)));
        var described = await DescribeTopicAsync(silo.Port, "f");
        Assert.Equal("500", described.Configs.Single(c => c.Name == "flush.messages").Value);

        // A later activation of another partition reads the override too.
        await ProduceAsync(client, "f", 1);
        Assert.Equal(500, logs.Get(new TopicPartition("f", 1))!.Config.FlushMessages);

        Assert.Equal(0, (await AlterAsync(silo.Port, "f", ("flush.messages", 1, null), ("flush.ms", 1, null))).ErrorCode);
        Assert.Equal(1, open.Config.FlushMessages);
        Assert.Equal(LogConfig.Default.FlushMs, open.Config.FlushMs);
    }

    [Fact]
    public async Task The_topic_grain_sees_partitions_added_and_a_topic_recreated_under_the_same_name()
    {
        await using var silo = await InProcessSilo.StartAsync();
        await CreateAsync(silo.Port, 5, false, Topic("g", 1));
        var grain = silo.Services.GetRequiredService<IGrainFactory>().GetTopicGrain("g");
        var first = await grain.InvokeAsync(static g => g.GetAsync());
        Assert.Equal(1, first!.PartitionCount);

        var added = await CallAsync<CreatePartitionsResponse>(silo.Port, new CreatePartitionsRequest
        {
            Topics = [new() { Name = "g", Count = 3 }],
            TimeoutMs = 30_000,
        }, 1);
        Assert.Equal(0, Assert.Single(added.Results).ErrorCode);
        Assert.Equal(3, (await grain.InvokeAsync(static g => g.GetAsync()))!.PartitionCount);
        Assert.Equal(3, (await MetadataAsync(silo.Port, "g")).Topics.Single().Partitions.Count);

        await CallAsync<DeleteTopicsResponse>(silo.Port, new DeleteTopicsRequest { TopicNames = ["g"], TimeoutMs = 30_000 }, 3);
        Assert.Null(await grain.InvokeAsync(static g => g.GetAsync()));
        var missing = await DescribeTopicAsync(silo.Port, "g");
        Assert.Equal((short)KafkaErrorCode.UnknownTopicOrPartition, missing.ErrorCode);

        await CreateAsync(silo.Port, 5, false, Topic("g", 2));
        var again = await grain.InvokeAsync(static g => g.GetAsync());
        Assert.Equal(2, again!.PartitionCount);
        Assert.NotEqual(first.TopicId, again.TopicId);
    }

    private static async Task<IncrementalAlterConfigsResponse.AlterConfigsResourceResponse> AlterAsync(int port, string topic, params (string Name, sbyte Operation, string? Value)[] configs)
    {
        var response = await CallAsync<IncrementalAlterConfigsResponse>(port, new IncrementalAlterConfigsRequest
        {
            Resources = [new() { ResourceType = 2, ResourceName = topic, Configs = [.. configs.Select(c => new IncrementalAlterConfigsRequest.AlterableConfig { Name = c.Name, ConfigOperation = c.Operation, Value = c.Value })] }],
        }, 1);
        return Assert.Single(response.Responses);
    }

    private static async Task ProduceAsync(KafkaTestClient client, string topic, int partition)
    {
        using var builder = new RecordBatchBuilder(CompressionType.None);
        builder.Append(1_700_000_000_000, (byte[]?)null, new byte[] { 1 });
        var response = await client.SendAsync<ProduceResponse>(new ProduceRequest
        {
            Acks = -1,
            TimeoutMs = 30_000,
            TopicData = [new() { Name = topic, PartitionData = [new() { Index = partition, Records = builder.ToArray() }] }],
        }, 7);
        Assert.Equal(0, response.Responses.Single().PartitionResponses.Single().ErrorCode);
    }
}
