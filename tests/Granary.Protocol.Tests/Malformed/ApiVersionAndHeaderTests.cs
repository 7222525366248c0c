// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol.Framing;
using Granary.Protocol.Messages;
using Xunit;

namespace Granary.Protocol.Tests.Malformed;

public sealed class ApiVersionAndHeaderTests
{
    [Fact]
    public void UnknownApiKeysAreInvalidRequests()
    {
        Assert.Equal(KafkaErrorCode.InvalidRequest, Assert.Throws<ProtocolException>(() => ApiMessages.Get(9999)).ErrorCode);
        Assert.Equal(KafkaErrorCode.InvalidRequest, Assert.Throws<ProtocolException>(() => ApiMessages.Get(-1)).ErrorCode);

        byte[] frame = [0x27, 0x0F, 0, 0, 0, 0, 0, 1, 0, 0];
        Assert.Equal(KafkaErrorCode.InvalidRequest, Assert.Throws<ProtocolException>(() => RequestFrame.Read(frame)).ErrorCode);
    }

    [Fact]
    public void UnsupportedApiVersionsAreRejected()
    {
        var produce = ApiMessages.Get(ApiKey.Produce);
        Assert.Equal(KafkaErrorCode.UnsupportedVersion, Assert.Throws<ProtocolException>(() => produce.EnsureSupported(99)).ErrorCode);
        Assert.Throws<ProtocolException>(() => produce.RequestHeaderVersion(-1));

        byte[] frame = [0, 0, 0, 99, 0, 0, 0, 1, 0, 0];
        Assert.Equal(KafkaErrorCode.UnsupportedVersion, Assert.Throws<ProtocolException>(() => RequestFrame.Read(frame)).ErrorCode);
        Assert.True(RequestFrame.TryPeekHeader(frame, out var apiKey, out var apiVersion, out var correlationId));
        Assert.Equal((0, 99, 1), (apiKey, apiVersion, correlationId));
        Assert.False(RequestFrame.TryPeekHeader(frame.AsSpan(0, 7), out _, out _, out _));
        Decode.AssertRejected(typeof(ProduceRequest), new byte[64], 99, "ProduceRequest v99");
    }

    [Fact]
    public void BadHeaderVersionsAreRejected()
    {
        Decode.AssertRejected(typeof(RequestHeader), new byte[16], 3, "request header v3");
        Decode.AssertRejected(typeof(RequestHeader), new byte[16], -1, "request header v-1");
        Decode.AssertRejected(typeof(ResponseHeader), new byte[16], 2, "response header v2");
    }
}
