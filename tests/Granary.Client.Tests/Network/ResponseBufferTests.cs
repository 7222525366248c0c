// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Client.Network;
using Xunit;

namespace Granary.Client.Tests.Network;

public class ResponseBufferTests
{
    [Fact]
    public void TheArrayStaysUsableUntilTheLastReferenceIsReleased()
    {
        var buffer = ResponseBuffer.Rent(1000);
        Assert.Equal(1000, buffer.Length);
        buffer.Memory.Span.Fill(7);
        buffer.Retain();
        buffer.Release();
        Assert.Equal(1, buffer.References);
        Assert.Equal(7, buffer.Memory.Span[999]);

        buffer.Release();
        Assert.Equal(0, buffer.References);
        Assert.Throws<ObjectDisposedException>(() => buffer.Memory);
    }

    [Fact]
    public void ReleasingTooOftenOrRetainingAfterTheEndIsABug()
    {
        var buffer = ResponseBuffer.Rent(16);
        buffer.Release();
        Assert.Throws<InvalidOperationException>(buffer.Release);
        Assert.Throws<InvalidOperationException>(buffer.Retain);
    }
}
