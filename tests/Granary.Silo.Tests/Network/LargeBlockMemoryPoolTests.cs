// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Reflection;
using System.Runtime.InteropServices;
using Granary.Silo.Hosting;
using Granary.Silo.Network;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace Granary.Silo.Tests.Network;

public sealed class LargeBlockMemoryPoolTests
{
    [Fact]
    public void Every_block_is_a_pinned_64_KiB_block_whatever_size_is_asked_for()
    {
        using var pool = new LargeBlockMemoryPool();
        Assert.Equal(LargeBlockMemoryPool.BlockSize, pool.MaxBufferSize);
        foreach (var size in new[] { -1, 0, 1, 4096, LargeBlockMemoryPool.BlockSize })
        {
            using var block = pool.Rent(size);
            Assert.Equal(64 * 1024, block.Memory.Length);
            Assert.True(MemoryMarshal.TryGetArray<byte>(block.Memory, out var segment));

            // A fresh 64 KiB array would be in generation 0; one on the pinned object heap reports the oldest generation.
            Assert.Equal(GC.MaxGeneration, GC.GetGeneration(segment.Array!));
        }
    }

    [Fact]
    public void A_request_larger_than_a_block_is_refused()
    {
        using var pool = new LargeBlockMemoryPool();
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(LargeBlockMemoryPool.BlockSize + 1));
    }

    [Fact]
    public void A_returned_block_is_reused_without_allocating()
    {
        using var pool = new LargeBlockMemoryPool();
        var first = pool.Rent();
        first.Dispose();

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            var block = pool.Rent(4096);
            Assert.Same(first, block);
            block.Dispose();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - allocated);
        Assert.Equal(1, pool.Allocated);
    }

    [Fact]
    public void A_block_disposed_twice_is_pooled_once()
    {
        using var pool = new LargeBlockMemoryPool();
        var block = pool.Rent();
        block.Dispose();
        block.Dispose();
        Assert.Equal(1, pool.IdleCount);

        var again = pool.Rent();
        var other = pool.Rent();
        Assert.NotSame(again, other);
        Assert.Equal(2, pool.Allocated);
    }

    [Fact]
    public void Idle_blocks_never_exceed_the_retained_limit()
    {
        using var pool = new LargeBlockMemoryPool();
        var blocks = Enumerable.Range(0, LargeBlockMemoryPool.MaxRetainedBlocks + 10).Select(_ => pool.Rent()).ToList();
        foreach (var block in blocks)
        {
            block.Dispose();
        }

        Assert.Equal(LargeBlockMemoryPool.MaxRetainedBlocks, pool.IdleCount);
    }

    [Fact]
    public void The_silo_socket_transport_uses_the_large_block_pool()
    {
        using var app = SiloHost.Build(["--port", "0"]);

        Assert.IsType<LargeBlockMemoryPoolFactory>(app.Services.GetRequiredService<IMemoryPoolFactory<byte>>());

        // The transport copies the factory from DI into an internal option; reading it is the only way to see that
        // the socket pipes (not just some other consumer of the factory) get the large blocks.
        var transport = app.Services.GetRequiredService<IOptions<SocketTransportOptions>>().Value;
        var factory = typeof(SocketTransportOptions)
            .GetProperty("MemoryPoolFactory", BindingFlags.Instance | BindingFlags.NonPublic)?
            .GetValue(transport);
        Assert.IsType<LargeBlockMemoryPoolFactory>(factory);
    }
}
