// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol.Messages;
using Xunit;

namespace Granary.Protocol.Tests.Golden;

public sealed class GoldenMessageTests
{
    [Theory]
    [MemberData(nameof(GoldenCorpus.ExpectedFileData), MemberType = typeof(GoldenCorpus))]
    public void FrameDecodesWithTheGeneratedTypesAndReencodesToTheSameBytes(string path)
    {
        var frame = GoldenCorpus.Get(path);
        var decoded = GoldenDecoder.Decode(frame, frame.Bytes);

        if (decoded.Header is RequestHeader header)
        {
            var info = GoldenDecoder.InfoOf(header.RequestApiKey);
            Assert.Equal(frame.ApiName, info.ApiKey.ToString());
            Assert.Equal(frame.Version, header.RequestApiVersion);
            Assert.Equal(info.IsFlexible(frame.Version) ? 2 : 1, decoded.HeaderVersion);
            Assert.Equal(frame.Client == "kcat" ? "rdkafka" : "golden-kafkajs", header.ClientId);
            Assert.Equal(info.RequestType, decoded.Body.GetType());
        }

        Assert.Equal(frame.Bytes, GoldenDecoder.Encode(decoded, frame.Version));
    }

    [Fact]
    public void KcatAnnouncesLibrdkafkaInItsFlexibleApiVersionsRequest()
    {
        var body = Body<ApiVersionsRequest>("kcat/ApiVersions-v3.bin");
        Assert.Equal("librdkafka", body.ClientSoftwareName);
        Assert.Equal("2.0.2", body.ClientSoftwareVersion);
    }

    [Fact]
    public void MetadataRequestsCarryEachShapeOfTopicList()
    {
        Assert.Null(Body<MetadataRequest>("kcat/Metadata-v4-all.bin").Topics);
        Assert.Empty(Body<MetadataRequest>("kcat/Metadata-v4-none.bin").Topics!);
        Assert.Equal("golden", Assert.Single(Body<MetadataRequest>("kcat/Metadata-v4-topics.bin").Topics!).Name);
        Assert.Equal("golden", Assert.Single(Body<MetadataRequest>("kafkajs/Metadata-v6-topics.bin").Topics!).Name);
    }

    [Theory]
    [InlineData("kcat/Produce-v7-none.bin", -1)]
    [InlineData("kafkajs/Produce-v7-none.bin", -1)]
    public void ProduceRequestsTargetTheGoldenPartitionWithTheClientsAcks(string path, short acks)
    {
        var body = Body<ProduceRequest>(path);
        Assert.Equal(acks, body.Acks);
        Assert.Null(body.TransactionalId);
        var topic = Assert.Single(body.TopicData);
        Assert.Equal("golden", topic.Name);
        Assert.Equal(0, Assert.Single(topic.PartitionData).Index);
    }

    [Theory]
    [InlineData("kcat")]
    [InlineData("kafkajs")]
    public void ConsumerRequestsReadTheGoldenPartitionFromTheStart(string client)
    {
        var fetch = Body<FetchRequest>($"{client}/Fetch-v11.bin");
        var fetchTopic = Assert.Single(fetch.Topics);
        Assert.Equal("golden", fetchTopic.Topic);
        Assert.Equal(0L, Assert.Single(fetchTopic.Partitions).FetchOffset);
        Assert.Equal(-1, fetch.ReplicaId);

        var listOffsets = GoldenCorpus.All.Single(frame => frame.Client == client && frame.ApiName == "ListOffsets");
        var partition = Assert.Single(Assert.Single(((ListOffsetsRequest)GoldenDecoder.Decode(listOffsets, listOffsets.Bytes).Body).Topics).Partitions);
        Assert.Equal(0, partition.PartitionIndex);
        Assert.Equal(-2L, partition.Timestamp);
    }

    [Theory]
    [InlineData("kcat")]
    [InlineData("kafkajs")]
    public void GroupRequestsNameTheGoldenGroup(string client)
    {
        Assert.Equal("golden-group", Body<FindCoordinatorRequest>($"{client}/FindCoordinator-v2.bin").Key);

        var join = Body<JoinGroupRequest>($"{client}/JoinGroup-v5.bin");
        Assert.Equal("golden-group", join.GroupId);
        Assert.Equal("consumer", join.ProtocolType);
        Assert.Equal(string.Empty, join.MemberId);
        Assert.NotEmpty(join.Protocols);
        Assert.All(join.Protocols, protocol => Assert.False(protocol.Metadata.IsEmpty));

        var sync = Body<SyncGroupRequest>($"{client}/SyncGroup-v3.bin");
        Assert.Equal("golden-group", sync.GroupId);
        Assert.Equal(sync.MemberId, Assert.Single(sync.Assignments).MemberId);
    }

    [Fact]
    public void IdempotentKcatAsksForAProducerId()
    {
        var body = Body<InitProducerIdRequest>("kcat/InitProducerId-v4.bin");
        Assert.Null(body.TransactionalId);
        Assert.Equal(-1L, body.ProducerId);
    }

    private static T Body<T>(string path)
        where T : IKafkaApiMessage
    {
        var frame = GoldenCorpus.Get(path);
        return Assert.IsType<T>(GoldenDecoder.Decode(frame, frame.Bytes).Body);
    }
}
