// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers;

namespace Granary.Silo.Network;

/// <summary>One size-prefixed request frame (without the 4-byte size), in a buffer sized to the declared length.</summary>
public sealed class RequestFrame : IDisposable
{
    // Above this the pool would round up to the next power of two; a frame never takes more than it declared.
    private const int PooledLimit = 1 << 20;

    private byte[]? _buffer;
    private readonly bool _pooled;

    private RequestFrame(byte[] buffer, int length, bool pooled)
    {
        _buffer = buffer;
        _pooled = pooled;
        Length = length;
    }

    /// <summary>The frame size declared by the peer (already checked against socket.request.max.bytes).</summary>
    public int Length { get; }

    /// <summary>The frame's bytes: request header then request body.</summary>
    public ReadOnlyMemory<byte> Payload => Buffer.AsMemory(0, Length);

    internal Memory<byte> Writable => Buffer.AsMemory(0, Length);

    private byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(RequestFrame));

    /// <summary>Creates a frame holding a copy of <paramref name="payload"/> (tests and in-process callers).</summary>
    public static RequestFrame Copy(ReadOnlySpan<byte> payload)
    {
        var frame = Rent(payload.Length);
        payload.CopyTo(frame.Writable.Span);
        return frame;
    }

    internal static RequestFrame Rent(int length) =>
        length <= PooledLimit
            ? new RequestFrame(ArrayPool<byte>.Shared.Rent(length), length, pooled: true)
            : new RequestFrame(GC.AllocateUninitializedArray<byte>(length), length, pooled: false);

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null && _pooled)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
