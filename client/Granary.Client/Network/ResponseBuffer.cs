// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers;

namespace Granary.Client.Network;

/// <summary>
/// A response frame read into an array rented from the shared pool. A decoded response slices its byte fields
/// (Fetch records) out of this array, so the array goes back to the pool only when every holder has released it:
/// the creator holds one reference, and each holder that keeps a slice beyond the call (a prefetched chunk, a batch
/// being decoded) takes its own with <see cref="Retain"/>. Releasing more often than retaining is a bug and throws.
/// </summary>
internal sealed class ResponseBuffer
{
    private byte[]? _array;
    private int _references = 1;

    private ResponseBuffer(byte[] array, int length)
    {
        _array = array;
        Length = length;
    }

    public int Length { get; }

    /// <summary>The frame bytes; valid until the last reference is released.</summary>
    public Memory<byte> Memory => new(_array ?? throw new ObjectDisposedException(nameof(ResponseBuffer)), 0, Length);

    /// <summary>How many references are still held (for tests).</summary>
    public int References => Volatile.Read(ref _references);

    public static ResponseBuffer Rent(int length) => new(ArrayPool<byte>.Shared.Rent(length), length);

    public void Retain()
    {
        if (Interlocked.Increment(ref _references) <= 1)
        {
            throw new InvalidOperationException("A response buffer was retained after its last release.");
        }
    }

    public void Release()
    {
        var left = Interlocked.Decrement(ref _references);
        if (left == 0)
        {
            var array = Interlocked.Exchange(ref _array, null);
            if (array is not null)
            {
                ArrayPool<byte>.Shared.Return(array);
            }
        }
        else if (left < 0)
        {
            throw new InvalidOperationException("A response buffer was released more often than it was retained.");
        }
    }
}
