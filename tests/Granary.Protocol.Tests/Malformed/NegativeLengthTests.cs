// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol.Messages;
using Xunit;

namespace Granary.Protocol.Tests.Malformed;

public sealed class NegativeLengthTests
{
    [Theory]
    [InlineData(-2)]
    [InlineData(-100)]
    [InlineData(short.MinValue)]
    public void NegativeStringLengthsOtherThanMinusOneAreRejected(short length)
    {
        // RequestHeader v1: api key, api version, correlation id, then the nullable client id.
        byte[] bytes = [0, 3, 0, 1, 0, 0, 0, 9, (byte)(length >> 8), (byte)length, 0x41, 0x41];
        Decode.AssertRejected(typeof(RequestHeader), bytes, 1, $"client id length {length}");
    }

    [Theory]
    [InlineData(-2)]
    [InlineData(int.MinValue)]
    public void NegativeArrayLengthsOtherThanMinusOneAreRejected(int length)
    {
        // MetadataRequest v1: a nullable topics array (-1 means all topics).
        byte[] bytes = [(byte)(length >> 24), (byte)(length >> 16), (byte)(length >> 8), (byte)length, 0, 0];
        Decode.AssertRejected(typeof(MetadataRequest), bytes, 1, $"topics length {length}");
    }

    [Theory]
    [InlineData(-2)]
    [InlineData(int.MinValue)]
    public void NegativeBytesLengthsAreRejected(int length)
    {
        // SaslAuthenticateRequest v0: a single non-nullable bytes field.
        byte[] bytes = [(byte)(length >> 24), (byte)(length >> 16), (byte)(length >> 8), (byte)length, 1, 2];
        Decode.AssertRejected(typeof(SaslAuthenticateRequest), bytes, 0, $"bytes length {length}");
    }

    [Fact]
    public void MinusOneIsNullOnlyWhereTheVersionAllowsIt()
    {
        // MetadataRequest v0 topics are not nullable; v1 are.
        byte[] nullTopics = [0xFF, 0xFF, 0xFF, 0xFF];
        Decode.AssertRejected(typeof(MetadataRequest), nullTopics, 0, "null topics at v0");
        Decode.Message(typeof(MetadataRequest), nullTopics, 1);
    }
}
