// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers;
using System.Collections.Concurrent;

namespace Granary.Silo.Network;

/// <summary>
/// The memory pool behind the socket transport's pipes: pinned blocks of <see cref="BlockSize"/> bytes, so one
/// receive fills up to 64 KiB of a Produce frame and one Fetch read fills up to 64 KiB of the send buffer.
/// </summary>
/// <remarks>
/// Kestrel's own pool hands out 4 KiB blocks, and the socket transport receives into one block at a time: a 1 MiB
/// Produce request cost ~256 recv calls (plus as many zero-byte "wait for data" receives and reader wake-ups), and
/// Fetch responses fell back to unpinned <see cref="ArrayPool{T}"/> arrays for their 64 KiB reads. Blocks are
/// pinned (the socket layer needs stable addresses) and reused; at most <see cref="MaxRetainedBlocks"/> idle
/// blocks are kept, any beyond that are left to the GC, so a burst of connections does not pin memory forever.
/// </remarks>
public sealed class LargeBlockMemoryPool : MemoryPool<byte>
{
    /// <summary>The size of every block: the most one socket receive or one pipe segment holds.</summary>
    public const int BlockSize = 64 * 1024;

    /// <summary>Idle blocks kept for reuse (16 MiB per pool; the socket transport creates one pool per I/O queue).</summary>
    public const int MaxRetainedBlocks = 256;

    private readonly ConcurrentQueue<LargeMemoryBlock> _idle = new();
    private int _idleCount;
    private long _allocated;
    private volatile bool _disposed;

    /// <inheritdoc />
    public override int MaxBufferSize => BlockSize;

    /// <summary>Blocks this pool has allocated (not reused) so far.</summary>
    public long Allocated => Interlocked.Read(ref _allocated);

    /// <summary>Idle blocks waiting for reuse.</summary>
    public int IdleCount => Volatile.Read(ref _idleCount);

    /// <summary>A block of <see cref="BlockSize"/> bytes; <paramref name="minBufferSize"/> may not exceed it.</summary>
    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_idle.TryDequeue(out var block))
        {
            Interlocked.Decrement(ref _idleCount);
            block.Lease();
            return block;
        }

        Interlocked.Increment(ref _allocated);
        var fresh = new LargeMemoryBlock(this, GC.AllocateUninitializedArray<byte>(BlockSize, pinned: true));
        fresh.Lease();
        return fresh;
    }

    /// <summary>Takes a block back from its <see cref="LargeMemoryBlock.Dispose"/>.</summary>
    internal void Return(LargeMemoryBlock block)
    {
        if (_disposed)
        {
            return;
        }

        if (Interlocked.Increment(ref _idleCount) > MaxRetainedBlocks)
        {
            Interlocked.Decrement(ref _idleCount);
            return;
        }

        _idle.Enqueue(block);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        _idle.Clear();
    }
}
