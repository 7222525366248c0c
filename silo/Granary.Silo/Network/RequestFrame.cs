// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Silo.Network;

/// <summary>One size-prefixed request frame (without the 4-byte size), in a buffer sized to the declared length.</summary>
public sealed class RequestFrame : IDisposable
{
    private readonly RequestFramePool _pool;
    private byte[]? _buffer;

    private RequestFrame(byte[] buffer, int length, RequestFramePool pool)
    {
        _buffer = buffer;
        _pool = pool;
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

    /// <summary>A frame of <paramref name="length"/> bytes from <paramref name="pool"/> (default: the silo's shared pool); Dispose gives it back.</summary>
    public static RequestFrame Rent(int length, RequestFramePool? pool = null)
    {
        pool ??= RequestFramePool.Shared;
        return new RequestFrame(pool.Rent(length), length, pool);
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            _pool.Return(buffer);
        }
    }
}
