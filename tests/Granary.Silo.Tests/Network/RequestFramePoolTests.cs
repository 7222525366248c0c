// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Silo.Network;
using Xunit;

namespace Granary.Silo.Tests.Network;

public sealed class RequestFramePoolTests
{
    [Fact]
    public void A_returned_large_frame_is_handed_out_again_instead_of_allocating()
    {
        var pool = new RequestFramePool(maxPooledFrameBytes: 1 << 20, retainedBytesLimit: 8 << 20);
        var first = RequestFrame.Rent(1_000_000, pool);
        var buffer = Buffer(first);
        Assert.Equal(1 << 20, buffer.Length);
        first.Dispose();
        Assert.Equal(1 << 20, pool.RetainedBytes);

        using var second = RequestFrame.Rent(900_000, pool);
        Assert.Same(buffer, Buffer(second));
        Assert.Equal(0, pool.RetainedBytes);
        Assert.Equal(1, pool.Allocations);
    }

    [Fact]
    public void Idle_slots_never_exceed_the_retained_limit()
    {
        var pool = new RequestFramePool(maxPooledFrameBytes: 1 << 20, retainedBytesLimit: 3 << 20);
        var frames = Enumerable.Range(0, 10).Select(_ => RequestFrame.Rent(1 << 20, pool)).ToList();
        Assert.Equal(10, pool.Allocations);
        foreach (var frame in frames)
        {
            frame.Dispose();
        }

        Assert.Equal(3 << 20, pool.RetainedBytes);
        var again = Enumerable.Range(0, 4).Select(_ => RequestFrame.Rent(600_000, pool)).ToList();
        Assert.Equal(11, pool.Allocations);
        Assert.Equal(0, pool.RetainedBytes);
        again.ForEach(f => f.Dispose());
    }

    [Fact]
    public void A_frame_larger_than_the_largest_slot_gets_its_own_buffer_which_is_not_kept()
    {
        var pool = new RequestFramePool(maxPooledFrameBytes: 1 << 20, retainedBytesLimit: 8 << 20);
        var frame = RequestFrame.Rent((1 << 20) + 1, pool);
        Assert.Equal((1 << 20) + 1, frame.Length);
        Assert.Equal((1 << 20) + 1, Buffer(frame).Length);
        frame.Dispose();
        Assert.Equal(0, pool.RetainedBytes);
    }

    [Fact]
    public void Small_frames_come_from_the_shared_pool_and_are_not_counted()
    {
        var pool = new RequestFramePool(maxPooledFrameBytes: 1 << 20, retainedBytesLimit: 8 << 20);
        using (var frame = RequestFrame.Rent(100, pool))
        {
            Assert.Equal(100, frame.Payload.Length);
        }

        Assert.Equal(0, pool.Allocations);
        Assert.Equal(0, pool.RetainedBytes);
    }

    [Fact]
    public void A_frame_is_returned_once_even_if_disposed_twice()
    {
        var pool = new RequestFramePool(maxPooledFrameBytes: 1 << 20, retainedBytesLimit: 8 << 20);
        var frame = RequestFrame.Rent(500_000, pool);
        frame.Dispose();
        frame.Dispose();
        Assert.Equal(512 * 1024, pool.RetainedBytes);
        Assert.Throws<ObjectDisposedException>(() => frame.Payload);
    }

    [Theory]
    [InlineData(65536)]
    [InlineData(int.MaxValue)]
    public void Slot_sizes_outside_the_range_are_refused(int maxPooledFrameBytes) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RequestFramePool(maxPooledFrameBytes));

    private static byte[] Buffer(RequestFrame frame)
    {
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(frame.Payload, out var segment));
        return segment.Array!;
    }
}
