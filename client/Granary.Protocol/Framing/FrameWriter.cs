// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers;
using System.Buffers.Binary;
using Granary.Protocol.Primitives;

namespace Granary.Protocol.Framing;

/// <summary>Writes size-prefixed frames: reserve the 4-byte size, write the body, patch the size.</summary>
public static class FrameWriter
{
    /// <summary>Reserves the size prefix and returns the frame's start, to pass to <see cref="EndFrame"/>.</summary>
    public static int BeginFrame(PooledBufferWriter buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        var start = buffer.WrittenCount;
        buffer.GetSpan(FrameReader.SizePrefixLength)[..FrameReader.SizePrefixLength].Clear();
        buffer.Advance(FrameReader.SizePrefixLength);
        return start;
    }

    /// <summary>Patches the size prefix at <paramref name="start"/> with the number of body bytes written since.</summary>
    public static void EndFrame(PooledBufferWriter buffer, int start)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        var size = buffer.WrittenCount - start - FrameReader.SizePrefixLength;
        BinaryPrimitives.WriteInt32BigEndian(buffer.WrittenSpanMutable.Slice(start, FrameReader.SizePrefixLength), size);
    }

    /// <summary>Writes a complete frame around an already encoded body.</summary>
    public static void WriteFrame(IBufferWriter<byte> output, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(output);
        var span = output.GetSpan(FrameReader.SizePrefixLength + body.Length);
        BinaryPrimitives.WriteInt32BigEndian(span, body.Length);
        body.CopyTo(span[FrameReader.SizePrefixLength..]);
        output.Advance(FrameReader.SizePrefixLength + body.Length);
    }
}
