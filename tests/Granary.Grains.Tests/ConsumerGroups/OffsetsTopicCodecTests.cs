// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Grains.ConsumerGroups.OffsetsTopic;
using Granary.Protocol;
using Xunit;

namespace Granary.Grains.Tests.ConsumerGroups;

public sealed class OffsetsTopicCodecTests
{
    [Fact]
    public void OffsetCommitKeyHasKafkasLayout()
    {
        var bytes = OffsetsTopicCodec.EncodeKey(new OffsetCommitKey("g", "t", 258));
        Assert.Equal([0, 1, 0, 1, (byte)'g', 0, 1, (byte)'t', 0, 0, 1, 2], bytes);
        Assert.Equal(new OffsetCommitKey("g", "t", 258), OffsetsTopicCodec.DecodeKey(bytes));

        // Version 0 keys (older brokers) have the same fields.
        bytes[1] = 0;
        Assert.Equal(new OffsetCommitKey("g", "t", 258), OffsetsTopicCodec.DecodeKey(bytes));
    }

    [Fact]
    public void GroupMetadataKeyHasKafkasLayout()
    {
        var bytes = OffsetsTopicCodec.EncodeKey(new GroupMetadataKey("grp"));
        Assert.Equal([0, 2, 0, 3, (byte)'g', (byte)'r', (byte)'p'], bytes);
        Assert.Equal(new GroupMetadataKey("grp"), OffsetsTopicCodec.DecodeKey(bytes));
    }

    [Fact]
    public void OffsetCommitValueV3RoundTripsWithKafkasLayout()
    {
        var value = new OffsetCommitValue(5, 2, "m", 1000);
        var bytes = OffsetsTopicCodec.EncodeOffsetCommitValue(value);
        Assert.Equal([0, 3, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 2, 0, 1, (byte)'m', 0, 0, 0, 0, 0, 0, 3, 0xE8], bytes);
        Assert.Equal(value, OffsetsTopicCodec.DecodeOffsetCommitValue(bytes));
    }

    [Fact]
    public void OlderOffsetCommitValueVersionsDecode()
    {
        byte[] v1 = [0, 1, /* offset */ 0, 0, 0, 0, 0, 0, 0, 9, /* metadata */ 0, 0, /* commit */ 0, 0, 0, 0, 0, 0, 0, 100, /* expire */ 0, 0, 0, 0, 0, 0, 0, 200];
        Assert.Equal(new OffsetCommitValue(9, -1, "", 100, 200), OffsetsTopicCodec.DecodeOffsetCommitValue(v1));
        byte[] v0 = [0, 0, /* offset */ 0, 0, 0, 0, 0, 0, 0, 9, /* metadata */ 0, 1, (byte)'x', /* commit */ 0, 0, 0, 0, 0, 0, 0, 100];
        Assert.Equal(new OffsetCommitValue(9, -1, "x", 100), OffsetsTopicCodec.DecodeOffsetCommitValue(v0));
    }

    [Fact]
    public void GroupMetadataValueV3RoundTrips()
    {
        var value = new GroupMetadataValue(
            "consumer",
            7,
            "range",
            "a-1",
            123456789,
            [
                new GroupMetadataMember("a-1", "instance-a", "a", "/10.0.0.1", 30000, 10000, [1, 2, 3], [4]),
                new GroupMetadataMember("b-1", null, "b", "/10.0.0.2", 30000, 10000, [], []),
            ]);
        var bytes = OffsetsTopicCodec.EncodeGroupMetadataValue(value);
        Assert.Equal([0, 3], bytes[..2]);
        var decoded = OffsetsTopicCodec.DecodeGroupMetadataValue(bytes);
        Assert.Equal((value.ProtocolType, value.Generation, value.Protocol, value.Leader, value.CurrentStateTimestamp), (decoded.ProtocolType, decoded.Generation, decoded.Protocol, decoded.Leader, decoded.CurrentStateTimestamp));
        Assert.Equal(2, decoded.Members.Count);
        Assert.Equal("instance-a", decoded.Members[0].GroupInstanceId);
        Assert.Null(decoded.Members[1].GroupInstanceId);
        Assert.Equal([1, 2, 3], decoded.Members[0].Subscription);
        Assert.Equal([4], decoded.Members[0].Assignment);
        Assert.Equal(("/10.0.0.2", 30000, 10000), (decoded.Members[1].ClientHost, decoded.Members[1].RebalanceTimeout, decoded.Members[1].SessionTimeout));
    }

    [Fact]
    public void EmptyGroupMetadataValueWithNullProtocolAndLeaderRoundTrips()
    {
        var value = new GroupMetadataValue("consumer", 3, null, null, 99, []);
        var bytes = OffsetsTopicCodec.EncodeGroupMetadataValue(value);
        var decoded = OffsetsTopicCodec.DecodeGroupMetadataValue(bytes);
        Assert.Null(decoded.Protocol);
        Assert.Null(decoded.Leader);
        Assert.Empty(decoded.Members);
        Assert.Equal(3, decoded.Generation);
    }

    [Fact]
    public void MalformedRecordsThrowProtocolException()
    {
        var good = OffsetsTopicCodec.EncodeGroupMetadataValue(new GroupMetadataValue("consumer", 1, "range", "a", 1, [new("a", null, "c", "h", 1, 1, [1], [2])]));
        for (var length = 0; length < good.Length; length++)
        {
            var truncated = good[..length];
            var error = Assert.Throws<ProtocolException>(() => OffsetsTopicCodec.DecodeGroupMetadataValue(truncated));
            Assert.Equal(KafkaErrorCode.CorruptMessage, error.ErrorCode);
        }

        // A member count far beyond the bytes present is refused before anything is allocated.
        var hugeCount = OffsetsTopicCodec.EncodeGroupMetadataValue(new GroupMetadataValue("consumer", 1, null, null, 1, []));
        new byte[] { 0x7F, 0xFF, 0xFF, 0xFF }.CopyTo(hugeCount.AsSpan(hugeCount.Length - 4));
        Assert.Throws<ProtocolException>(() => OffsetsTopicCodec.DecodeGroupMetadataValue(hugeCount));

        Assert.Equal(KafkaErrorCode.UnsupportedVersion, Assert.Throws<ProtocolException>(() => OffsetsTopicCodec.DecodeKey([0, 9, 0, 0])).ErrorCode);
        Assert.Throws<ProtocolException>(() => OffsetsTopicCodec.DecodeKey([0, 2, 0, 1, (byte)'g', 0]));
        Assert.Throws<ProtocolException>(() => OffsetsTopicCodec.DecodeKey([0, 2, 0xFF, 0xFF]));
        Assert.Throws<ProtocolException>(() => OffsetsTopicCodec.DecodeKey([0, 2, 0, 1, 0xC3]));
    }
}
