// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers;
using System.Buffers.Binary;

namespace Granary.Protocol.Framing;

/// <summary>Splits a byte stream into Kafka frames: a big-endian int32 size followed by that many bytes.</summary>
public static class FrameReader
{
    public const int SizePrefixLength = 4;

    /// <summary>Kafka's <c>socket.request.max.bytes</c> default.</summary>
    public const int DefaultMaxFrameSize = 104_857_600;

    /// <summary>
    /// Takes one frame off the front of <paramref name="buffer"/>. Returns false when more bytes are needed. The size
    /// prefix is validated before anything is allocated or awaited: a negative, zero or over-large size throws.
    /// </summary>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, int maxFrameSize, out ReadOnlySequence<byte> frame)
    {
        frame = default;
        if (buffer.Length < SizePrefixLength)
        {
            return false;
        }

        var size = ReadSize(buffer);
        if (size <= 0)
        {
            throw new ProtocolException(KafkaErrorCode.CorruptMessage, $"Invalid frame size {size}.");
        }

        if (size > maxFrameSize)
        {
            throw new ProtocolException(KafkaErrorCode.InvalidRequest, $"Frame size {size} exceeds the limit of {maxFrameSize} bytes.");
        }

        if (buffer.Length - SizePrefixLength < size)
        {
            return false;
        }

        frame = buffer.Slice(SizePrefixLength, size);
        buffer = buffer.Slice(frame.End);
        return true;
    }

    private static int ReadSize(in ReadOnlySequence<byte> buffer)
    {
        var first = buffer.FirstSpan;
        if (first.Length >= SizePrefixLength)
        {
            return BinaryPrimitives.ReadInt32BigEndian(first);
        }

        Span<byte> prefix = stackalloc byte[SizePrefixLength];
        buffer.Slice(0, SizePrefixLength).CopyTo(prefix);
        return BinaryPrimitives.ReadInt32BigEndian(prefix);
    }
}
