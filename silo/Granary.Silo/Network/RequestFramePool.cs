// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers;
using System.Numerics;

namespace Granary.Silo.Network;

/// <summary>
/// Buffers for request frames: small frames from <see cref="ArrayPool{T}.Shared"/>, large ones (Produce requests of
/// ~1 MB) from power-of-two slots that this pool keeps, up to <see cref="RetainedBytesLimit"/> in total.
/// </summary>
/// <remarks>
/// <see cref="ArrayPool{T}.Shared"/> keeps only a few arrays per size per core; a producer pipelining dozens of
/// 1 MB requests overflowed it, so every frame beyond became a fresh large-object-heap array (page faults, gen2
/// collections). A frame larger than <see cref="MaxPooledFrameBytes"/> (up to socket.request.max.bytes) is allocated
/// for that request only and never retained, so the pool's memory stays bounded whatever peers send.
/// </remarks>
public sealed class RequestFramePool
{
    /// <summary>Frames up to this size use the shared pool, which serves them without contention.</summary>
    public const int SharedPoolLimit = 64 * 1024;

    private const int SmallestSlotShift = 17; // 128 KiB: the first slot above SharedPoolLimit

    private readonly Stack<byte[]>[] _slots;
    private long _retainedBytes;
    private long _allocations;

    /// <summary>Creates a pool that keeps slots of up to <paramref name="maxPooledFrameBytes"/> (rounded up to a power of two), at most <paramref name="retainedBytesLimit"/> bytes in all.</summary>
    public RequestFramePool(int maxPooledFrameBytes = 4 * 1024 * 1024, long retainedBytesLimit = 64L * 1024 * 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPooledFrameBytes, SharedPoolLimit + 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxPooledFrameBytes, 1 << 30);
        ArgumentOutOfRangeException.ThrowIfNegative(retainedBytesLimit);
        MaxPooledFrameBytes = (int)BitOperations.RoundUpToPowerOf2((uint)maxPooledFrameBytes);
        RetainedBytesLimit = retainedBytesLimit;
        var classes = BitOperations.Log2((uint)MaxPooledFrameBytes) - SmallestSlotShift + 1;
        _slots = new Stack<byte[]>[classes];
        for (var i = 0; i < classes; i++)
        {
            _slots[i] = new Stack<byte[]>();
        }
    }

    /// <summary>The pool shared by every connection of a silo.</summary>
    public static RequestFramePool Shared { get; } = new();

    /// <summary>The largest slot; larger frames are allocated per request.</summary>
    public int MaxPooledFrameBytes { get; }

    /// <summary>The most bytes the pool keeps in idle slots.</summary>
    public long RetainedBytesLimit { get; }

    /// <summary>Bytes currently kept in idle slots.</summary>
    public long RetainedBytes => Interlocked.Read(ref _retainedBytes);

    /// <summary>Large buffers allocated because no idle slot was available (a measure of the pool's misses).</summary>
    public long Allocations => Interlocked.Read(ref _allocations);

    /// <summary>A buffer of at least <paramref name="length"/> bytes; give it back with <see cref="Return"/>.</summary>
    public byte[] Rent(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length <= SharedPoolLimit)
        {
            return ArrayPool<byte>.Shared.Rent(length);
        }

        if (length > MaxPooledFrameBytes)
        {
            Interlocked.Increment(ref _allocations);
            return GC.AllocateUninitializedArray<byte>(length);
        }

        var index = SlotIndex(length);
        var slot = _slots[index];
        lock (slot)
        {
            if (slot.TryPop(out var buffer))
            {
                Interlocked.Add(ref _retainedBytes, -buffer.Length);
                return buffer;
            }
        }

        Interlocked.Increment(ref _allocations);
        return GC.AllocateUninitializedArray<byte>(1 << (index + SmallestSlotShift));
    }

    /// <summary>Takes back a buffer from <see cref="Rent"/>; it is kept while the pool is under its limit.</summary>
    public void Return(byte[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (buffer.Length <= SharedPoolLimit)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return;
        }

        if (buffer.Length > MaxPooledFrameBytes || !BitOperations.IsPow2(buffer.Length))
        {
            return;
        }

        if (Interlocked.Add(ref _retainedBytes, buffer.Length) > RetainedBytesLimit)
        {
            Interlocked.Add(ref _retainedBytes, -buffer.Length);
            return;
        }

        var slot = _slots[SlotIndex(buffer.Length)];
        lock (slot)
        {
            slot.Push(buffer);
        }
    }

    private static int SlotIndex(int length) =>
        Math.Max(0, BitOperations.Log2(BitOperations.RoundUpToPowerOf2((uint)length)) - SmallestSlotShift);
}
