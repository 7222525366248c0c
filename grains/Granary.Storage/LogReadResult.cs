// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Storage.IO;
using Microsoft.Win32.SafeHandles;

namespace Granary.Storage;

/// <summary>
/// Batch-aligned bytes of one segment, described as (file handle, position, length) so the Fetch path can send
/// them without copying (sendfile) or copy them once into its output buffer. The file stays open until this is
/// disposed; dispose it after the bytes are sent.
/// </summary>
public sealed class LogReadResult : IDisposable
{
    private FileLease? _lease;

    internal LogReadResult(FileLease? lease, long position, int length, long firstOffset, long nextOffset)
    {
        NextOffset = nextOffset;
        _lease = lease;
        Position = position;
        Length = length;
        FirstOffset = firstOffset;
    }

    /// <summary>An empty read (fetch offset at the upper bound).</summary>
    public static LogReadResult Empty(long offset) => new(null, 0, 0, offset, offset);

    /// <summary>The base offset of the first batch (may be below the fetch offset, as in Kafka).</summary>
    public long FirstOffset { get; }

    /// <summary>The offset after the last batch returned: where the next fetch continues.</summary>
    public long NextOffset { get; }

    public long Position { get; }

    public int Length { get; }

    public bool IsEmpty => Length == 0;

    /// <summary>The segment file's handle, valid until Dispose; null for an empty result.</summary>
    public SafeFileHandle? Handle => _lease?.File.Handle;

    /// <summary>Copies the bytes into <paramref name="destination"/> (at least <see cref="Length"/> bytes).</summary>
    public void CopyTo(Span<byte> destination) => CopyTo(0, destination[..Length]);

    /// <summary>
    /// Copies bytes [<paramref name="offset"/>, offset + destination.Length) of the result into
    /// <paramref name="destination"/> (the Fetch path reads a large result in chunks straight into the socket's buffer).
    /// </summary>
    public void CopyTo(long offset, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset + destination.Length, Length);
        if (destination.IsEmpty)
        {
            return;
        }

        var lease = _lease ?? throw new ObjectDisposedException(nameof(LogReadResult));
        var position = Position + offset;
        while (!destination.IsEmpty)
        {
            var read = lease.File.Read(destination, position);
            if (read <= 0)
            {
                throw new LogException(Protocol.KafkaErrorCode.KafkaStorageError, $"Short read at position {position} of a {Length}-byte result starting at {Position}; the segment was truncated while being read.");
            }

            destination = destination[read..];
            position += read;
        }
    }

    public byte[] ToArray()
    {
        var bytes = new byte[Length];
        CopyTo(bytes);
        return bytes;
    }

    public void Dispose() => Interlocked.Exchange(ref _lease, null)?.Dispose();
}
