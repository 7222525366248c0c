// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.IntegrationTests.Infrastructure;
using Granary.Protocol;
using Granary.Protocol.Messages;
using Granary.Protocol.Primitives;
using Xunit;

namespace Granary.IntegrationTests.Silo;

public sealed class MetadataTests
{
    private static async Task<MetadataResponse> MetadataAsync(int port, short version, MetadataRequest request)
    {
        var body = new KafkaWriter();
        request.Write(body, version);
        await using var connection = await RawKafkaConnection.ConnectAsync(port);
        await connection.SendAsync(RawKafkaConnection.Request(3, version, 5, body.WrittenMemory.Span, flexible: version >= 9));
        var frame = await connection.ReadFrameAsync();
        Assert.NotNull(frame);
        var reader = new KafkaReader(frame);
        var header = new ResponseHeader();
        header.Read(ref reader, version >= 9 ? (short)1 : (short)0);
        Assert.Equal(5, header.CorrelationId);
        var response = new MetadataResponse();
        response.Read(ref reader, version);
        Assert.True(reader.IsAtEnd);
        return response;
    }

    private static MetadataRequest Topics(params string[] names) =>
        new() { Topics = [.. names.Select(n => new MetadataRequest.MetadataRequestTopic { Name = n })] };

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(9)]
    [InlineData(12)]
    public async Task Metadata_lists_this_silo_and_auto_creates_a_requested_topic(short version)
    {
        await using var silo = await InProcessSilo.StartAsync(["--silo-id", "3", "--override", "num.partitions=4"]);

        var response = await MetadataAsync(silo.Port, version, Topics("orders"));

        var broker = Assert.Single(response.Brokers);
        Assert.Equal(3, broker.NodeId);
        Assert.Equal(silo.Port, broker.Port);
        Assert.Equal("127.0.0.1", broker.Host);
        var topic = Assert.Single(response.Topics);
        Assert.Equal((short)KafkaErrorCode.None, topic.ErrorCode);
        Assert.Equal("orders", topic.Name);
        Assert.Equal([0, 1, 2, 3], topic.Partitions.Select(p => p.PartitionIndex));
        Assert.All(topic.Partitions, p => Assert.Equal(3, p.LeaderId));
        Assert.All(topic.Partitions, p => Assert.Equal([3], p.ReplicaNodes));
        if (version >= 1)
        {
            Assert.Equal(3, response.ControllerId);
        }

        if (version >= 2)
        {
            Assert.False(string.IsNullOrEmpty(response.ClusterId));
        }

        if (version >= 10)
        {
            Assert.NotEqual(Guid.Empty, topic.TopicId);
        }

        // A later all-topics request (null list from v1, empty list at v0) sees the created topic.
        var all = await MetadataAsync(silo.Port, version, new MetadataRequest { Topics = version == 0 ? [] : null });
        Assert.Equal(["orders"], all.Topics.Select(t => t.Name));
    }

    [Fact]
    public async Task Without_auto_creation_an_unknown_topic_is_reported_and_invalid_names_are_rejected()
    {
        await using var silo = await InProcessSilo.StartAsync(["--override", "auto.create.topics.enable=false"]);

        var response = await MetadataAsync(silo.Port, 9, Topics("missing", "bad name!"));

        Assert.Equal((short)KafkaErrorCode.UnknownTopicOrPartition, response.Topics[0].ErrorCode);
        Assert.Equal((short)KafkaErrorCode.InvalidTopicException, response.Topics[1].ErrorCode);
        var again = await MetadataAsync(silo.Port, 9, new MetadataRequest { Topics = null });
        Assert.Empty(again.Topics);
    }

    [Fact]
    public async Task Request_flag_can_refuse_auto_creation_and_topics_can_be_named_by_id()
    {
        await using var silo = await InProcessSilo.StartAsync();

        var refused = await MetadataAsync(silo.Port, 12, new MetadataRequest { Topics = Topics("t1").Topics, AllowAutoTopicCreation = false });
        Assert.Equal((short)KafkaErrorCode.UnknownTopicOrPartition, Assert.Single(refused.Topics).ErrorCode);

        var created = Assert.Single((await MetadataAsync(silo.Port, 12, Topics("t1"))).Topics);
        var byId = await MetadataAsync(silo.Port, 12, new MetadataRequest
        {
            Topics = [new() { Name = null, TopicId = created.TopicId }, new() { Name = null, TopicId = Guid.NewGuid() }],
        });
        Assert.Equal("t1", byId.Topics[0].Name);
        Assert.Equal((short)KafkaErrorCode.UnknownTopicId, byId.Topics[1].ErrorCode);
    }

    [Fact]
    public async Task Kcat_lists_the_broker_and_an_auto_created_topic()
    {
        using var data = new TempDirectory();
        await using var silo = await SiloProcess.StartAsync(data.Path);
        var bootstrap = $"127.0.0.1:{silo.Port}";

        var (exitCode, output) = await Kcat.RunAsync("-L", "-b", bootstrap);
        Assert.True(exitCode == 0, output);
        Assert.Contains("1 brokers:", output, StringComparison.Ordinal);
        Assert.Contains($"broker 0 at {bootstrap} (controller)", output, StringComparison.Ordinal);

        (exitCode, output) = await Kcat.RunAsync("-L", "-b", bootstrap, "-t", "kcat-topic");
        Assert.True(exitCode == 0, output);
        Assert.Contains("topic \"kcat-topic\" with 1 partitions:", output, StringComparison.Ordinal);
        Assert.Contains("partition 0, leader 0, replicas: 0, isrs: 0", output, StringComparison.Ordinal);

        Assert.Equal(0, await silo.TerminateAsync());
    }
}
