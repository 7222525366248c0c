// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol.Messages;
using Xunit;

namespace Granary.Protocol.Tests.Malformed;

public sealed class VarIntTests
{
    [Fact]
    public void OverLongVarIntLengthsAreRejected()
    {
        // ApiVersionsRequest v3 (flexible): the compact client software name length takes six bytes.
        byte[] bytes = [0x81, 0x80, 0x80, 0x80, 0x80, 0x00, 0x01, 0x00];
        Decode.AssertRejected(typeof(ApiVersionsRequest), bytes, 3, "six-byte varint");
    }

    [Fact]
    public void VarIntsOverflowingThirtyTwoBitsAreRejected()
    {
        // Five bytes whose last carries bits beyond 2^32.
        byte[] bytes = [0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0x01, 0x00];
        Decode.AssertRejected(typeof(ApiVersionsRequest), bytes, 3, "overflowing varint");
    }

    [Fact]
    public void AnUnterminatedVarIntAtTheEndIsRejected()
    {
        // ResponseHeader v1: correlation id, then a tagged-field count that never ends.
        byte[] bytes = [0, 0, 0, 1, 0x80, 0x80];
        Decode.AssertRejected(typeof(ResponseHeader), bytes, 1, "unterminated varint");
    }
}
