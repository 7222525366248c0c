// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol.Messages;
using Xunit;

namespace Granary.Protocol.Tests.Messages;

public sealed class RoundTripTests
{
    private const int ExpectedMessages = 178;
    private const int ExpectedMessageVersions = 659;
    private const int SeedsPerVersion = 4;

    [Fact]
    public void EveryMessageRoundTripsAtEveryVersion()
    {
        var messages = new HashSet<Type>();
        var versions = 0;
        for (var seed = 0; seed < SeedsPerVersion; seed++)
        {
            var factory = new RandomMessageFactory(seed);
            foreach (var (type, version) in RandomMessageFactory.AllMessageVersions())
            {
                var original = factory.Create(type, version);
                var first = MessageAssert.Encode(original, version);
                var decoded = MessageAssert.Decode(type, first, version);
                var second = MessageAssert.Encode(decoded, version);

                Assert.True(first.AsSpan().SequenceEqual(second), $"{type.Name} v{version} seed {seed}: re-encoding differs");
                MessageAssert.Equal(original, decoded, $"{type.Name} v{version} seed {seed}");
                messages.Add(type);
                versions += seed == 0 ? 1 : 0;
            }
        }

        Assert.Equal(ExpectedMessages, messages.Count);
        Assert.Equal(ExpectedMessageVersions, versions);
        Assert.Equal(ApiMessages.MessageVersionCount, versions);
    }

    [Fact]
    public void DefaultMessagesRoundTripAtEveryVersion()
    {
        foreach (var (type, version) in RandomMessageFactory.AllMessageVersions())
        {
            var original = (IKafkaMessage)Activator.CreateInstance(type)!;
            var bytes = MessageAssert.Encode(original, version);
            MessageAssert.Equal(original, MessageAssert.Decode(type, bytes, version), $"{type.Name} v{version}");
        }
    }

    [Fact]
    public void RecordsAreDecodedAsSlicesOfTheFrameWithoutCopying()
    {
        var batch = new byte[100];
        new Random(3).NextBytes(batch);
        var request = new ProduceRequest
        {
            Acks = -1,
            TimeoutMs = 30_000,
            TopicData = [new() { Name = "t", PartitionData = [new() { Index = 0, Records = batch }] }],
        };
        var frame = MessageAssert.Encode(request, 9);
        var decoded = (ProduceRequest)MessageAssert.Decode(typeof(ProduceRequest), frame, 9);

        var records = decoded.TopicData[0].PartitionData[0].Records!.Value;
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(records, out var segment));
        Assert.Same(frame, segment.Array);
        Assert.True(records.Span.SequenceEqual(batch));
    }

    [Fact]
    public void UnknownTaggedFieldsSurviveARoundTripInTagOrderAroundKnownTags()
    {
        var request = new FetchRequest
        {
            ClusterId = "cluster",
            UnknownTaggedFields = [new(5, new byte[] { 1, 2 }), new(9, new byte[] { 3 })],
        };
        var bytes = MessageAssert.Encode(request, 13);
        var decoded = (FetchRequest)MessageAssert.Decode(typeof(FetchRequest), bytes, 13);

        Assert.Equal("cluster", decoded.ClusterId);
        Assert.Equal([5, 9], decoded.UnknownTaggedFields!.Select(f => f.Tag));
        Assert.Equal(bytes, MessageAssert.Encode(decoded, 13));
    }

    [Fact]
    public void NonDefaultValueAtAVersionWithoutTheFieldThrowsUnlessIgnorable()
    {
        // TransactionalId arrived in v3 and is not ignorable.
        var produce = new ProduceRequest { TransactionalId = "tx" };
        var error = Assert.Throws<ProtocolException>(() => MessageAssert.Encode(produce, 2));
        Assert.Equal(KafkaErrorCode.UnsupportedVersion, error.ErrorCode);

        // RequestHeader.ClientId is ignorable: version 0 silently drops it.
        var header = new RequestHeader { RequestApiKey = 7, ClientId = "client" };
        Assert.Equal(8, MessageAssert.Encode(header, 0).Length);
    }

    [Fact]
    public void TaggedFieldsAreWrittenOnlyWhenDifferentFromDefault()
    {
        var defaults = MessageAssert.Encode(new FetchRequest(), 13);
        var withCluster = MessageAssert.Encode(new FetchRequest { ClusterId = "c" }, 13);
        Assert.Equal(defaults.Length + 4, withCluster.Length); // tag, size, compact length, one byte
    }

    [Fact]
    public void DefaultsComeFromTheSpecs()
    {
        var fetch = new FetchRequest();
        Assert.Equal(-1, fetch.ReplicaId);
        Assert.Equal(0x7fffffff, fetch.MaxBytes);
        Assert.Null(fetch.ClusterId);
        Assert.Empty(fetch.Topics);
        Assert.Equal(-1, fetch.ReplicaState.ReplicaId);
        var metadata = new MetadataRequest();
        Assert.True(metadata.AllowAutoTopicCreation);
        Assert.Equal("", new RequestHeader().ClientId);
    }

    [Fact]
    public void DecodingAProduceRequestAllocatesPerBatchNotPerByte()
    {
        var partitions = new List<ProduceRequest.PartitionProduceData>();
        for (var i = 0; i < 64; i++)
        {
            partitions.Add(new() { Index = i, Records = new byte[16 * 1024] });
        }

        var frame = MessageAssert.Encode(new ProduceRequest { TopicData = [new() { Name = "t", PartitionData = partitions }] }, 9);
        _ = MessageAssert.Decode(typeof(ProduceRequest), frame, 9);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var decoded = (ProduceRequest)MessageAssert.Decode(typeof(ProduceRequest), frame, 9);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(64, decoded.TopicData[0].PartitionData.Count);
        Assert.True(allocated < 64 * 256, $"decoding {frame.Length} bytes in 64 batches allocated {allocated} bytes");
    }
}
