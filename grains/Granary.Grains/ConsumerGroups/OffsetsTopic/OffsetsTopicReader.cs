// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers.Binary;
using System.Text;
using Granary.Protocol;

namespace Granary.Grains.ConsumerGroups.OffsetsTopic;

/// <summary>Reads the classic (non-flexible) Kafka encodings of <c>__consumer_offsets</c> records from untrusted bytes.</summary>
internal ref struct OffsetsTopicReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly ReadOnlySpan<byte> buffer;
    private int position;

    public OffsetsTopicReader(ReadOnlySpan<byte> buffer)
    {
        this.buffer = buffer;
        position = 0;
    }

    public readonly int Remaining => buffer.Length - position;

    public short ReadInt16() => BinaryPrimitives.ReadInt16BigEndian(Take(2));

    public int ReadInt32() => BinaryPrimitives.ReadInt32BigEndian(Take(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

    public string ReadString() =>
        ReadNullableString() ?? throw new ProtocolException(KafkaErrorCode.CorruptMessage, "A non-nullable string is null.");

    public string? ReadNullableString()
    {
        var length = ReadInt16();
        if (length == -1)
        {
            return null;
        }

        if (length < 0)
        {
            throw new ProtocolException(KafkaErrorCode.CorruptMessage, $"Invalid string length {length}.");
        }

        try
        {
            return StrictUtf8.GetString(Take(length));
        }
        catch (DecoderFallbackException)
        {
            throw new ProtocolException(KafkaErrorCode.CorruptMessage, "A string is not valid UTF-8.");
        }
    }

    public byte[] ReadBytes()
    {
        var length = ReadInt32();
        if (length < 0)
        {
            throw new ProtocolException(KafkaErrorCode.CorruptMessage, $"Invalid bytes length {length}.");
        }

        return Take(length).ToArray();
    }

    /// <summary>Reads an array count, refusing counts the remaining bytes cannot hold (no oversized allocation).</summary>
    public int ReadArrayCount(int minimumElementSize)
    {
        var count = ReadInt32();
        if (count < 0 || (long)count * minimumElementSize > Remaining)
        {
            throw new ProtocolException(KafkaErrorCode.CorruptMessage, $"Invalid array length {count}.");
        }

        return count;
    }

    public readonly void EnsureEnd(string what)
    {
        if (Remaining != 0)
        {
            throw new ProtocolException(KafkaErrorCode.CorruptMessage, $"{Remaining} unexpected trailing bytes after {what}.");
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > Remaining)
        {
            throw new ProtocolException(KafkaErrorCode.CorruptMessage, "The record ends early.");
        }

        var slice = buffer.Slice(position, count);
        position += count;
        return slice;
    }
}
