// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Granary.Grains.ConsumerGroups.OffsetsTopic;

/// <summary>Writes the classic (non-flexible) Kafka encodings: big-endian integers, int16-length strings, int32-length bytes.</summary>
internal sealed class OffsetsTopicWriter
{
    private readonly ArrayBufferWriter<byte> buffer = new(64);

    public void WriteInt16(short value)
    {
        BinaryPrimitives.WriteInt16BigEndian(buffer.GetSpan(2), value);
        buffer.Advance(2);
    }

    public void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(buffer.GetSpan(4), value);
        buffer.Advance(4);
    }

    public void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(buffer.GetSpan(8), value);
        buffer.Advance(8);
    }

    public void WriteNullableString(string? value)
    {
        if (value is null)
        {
            WriteInt16(-1);
            return;
        }

        var length = Encoding.UTF8.GetByteCount(value);
        if (length > short.MaxValue)
        {
            throw new ArgumentException($"A string of {length} UTF-8 bytes does not fit an int16 length.", nameof(value));
        }

        WriteInt16((short)length);
        Encoding.UTF8.GetBytes(value, buffer.GetSpan(length));
        buffer.Advance(length);
    }

    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteInt32(value.Length);
        value.CopyTo(buffer.GetSpan(value.Length));
        buffer.Advance(value.Length);
    }

    public byte[] ToArray() => buffer.WrittenSpan.ToArray();
}
