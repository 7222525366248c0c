// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol.Messages;
using Xunit;

namespace Granary.Protocol.Tests.Malformed;

public sealed class TaggedFieldTests
{
    // ResponseHeader v1 is a correlation id followed by a tagged-field section: tag count, then (tag, size, bytes)*.
    private static readonly byte[] CorrelationId = [0, 0, 0, 1];

    [Fact]
    public void WellFormedUnknownTagsAreAccepted() =>
        Decode.Message(typeof(ResponseHeader), [.. CorrelationId, 2, 3, 1, 0xAA, 7, 0], 1);

    [Fact]
    public void DuplicateTagsAreRejected() =>
        Decode.AssertRejected(typeof(ResponseHeader), [.. CorrelationId, 2, 3, 0, 3, 0], 1, "duplicate tag 3");

    [Fact]
    public void OutOfOrderTagsAreRejected() =>
        Decode.AssertRejected(typeof(ResponseHeader), [.. CorrelationId, 2, 5, 0, 3, 0], 1, "tag 3 after tag 5");

    [Fact]
    public void ASizeBeyondTheRemainingBytesIsRejected() =>
        Decode.AssertRejected(typeof(ResponseHeader), [.. CorrelationId, 1, 0, 100, 1], 1, "tagged field of 100 bytes in 1");

    [Fact]
    public void ACountBeyondTheRemainingBytesIsRejected()
    {
        var allocated = Decode.AssertRejected(typeof(ResponseHeader), [.. CorrelationId, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0], 1, "2^32-1 tagged fields");
        Assert.True(allocated < 16 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public void AKnownTagWhoseSizeDisagreesWithItsContentIsRejected()
    {
        var fetch = new FetchRequest { ClusterId = "abc" };
        var bytes = Messages.MessageAssert.Encode(fetch, 12);
        // The ClusterId tagged field is "0, 4, 4, a, b, c": shrink its declared size to 3 and cut a byte of content.
        var index = bytes.AsSpan().IndexOf(new byte[] { 0, 4, 4, (byte)'a' });
        Assert.True(index > 0);
        bytes[index + 1] = 3;
        Decode.AssertRejected(typeof(FetchRequest), bytes, 12, "ClusterId size 3 holding 4 bytes");
    }
}
