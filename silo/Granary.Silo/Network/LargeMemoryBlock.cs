// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers;

namespace Granary.Silo.Network;

/// <summary>
/// One pinned block of a <see cref="LargeBlockMemoryPool"/>; disposing it returns it to the pool, and the same
/// object is handed out again (no allocation per rent).
/// </summary>
internal sealed class LargeMemoryBlock : IMemoryOwner<byte>
{
    private readonly LargeBlockMemoryPool _pool;
    private readonly byte[] _array;
    private int _leased;

    public LargeMemoryBlock(LargeBlockMemoryPool pool, byte[] array)
    {
        _pool = pool;
        _array = array;
    }

    public Memory<byte> Memory => _array;

    /// <summary>Marks the block handed out; a second dispose of one lease is ignored instead of pooling the block twice.</summary>
    internal void Lease() => Volatile.Write(ref _leased, 1);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _leased, 0) == 1)
        {
            _pool.Return(this);
        }
    }
}
