// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Granary.Protocol.Primitives;

/// <summary>
/// Reads Kafka's wire primitives from untrusted bytes. Every declared length and element count is checked against the
/// bytes that remain before anything is allocated, and every failure is a <see cref="ProtocolException"/>.
/// </summary>
/// <remarks>
/// The reader is built over <see cref="ReadOnlyMemory{T}"/> so <c>bytes</c> and <c>records</c> fields come back as
/// slices of the frame (the Produce path never copies a batch). Such slices stay valid only as long as the frame's
/// buffer does.
/// </remarks>
public ref struct KafkaReader
{
    /// <summary>Kafka caps strings at <see cref="short.MaxValue"/> bytes in both the classic and compact forms.</summary>
    public const int MaxStringLength = short.MaxValue;

    private readonly ReadOnlyMemory<byte> _memory;
    private readonly ReadOnlySpan<byte> _span;
    private int _position;

    public KafkaReader(ReadOnlyMemory<byte> memory)
    {
        _memory = memory;
        _span = memory.Span;
        _position = 0;
    }

    /// <summary>Wraps a frame; copies only when the sequence spans more than one segment.</summary>
    public static KafkaReader Create(in ReadOnlySequence<byte> frame) =>
        frame.IsSingleSegment ? new KafkaReader(frame.First) : new KafkaReader(frame.ToArray());

    public readonly int Position => _position;

    public readonly int Remaining => _span.Length - _position;

    public readonly bool IsAtEnd => _position == _span.Length;

    public sbyte ReadInt8() => (sbyte)Take(1)[0];

    public bool ReadBool() => Take(1)[0] != 0;

    public short ReadInt16() => BinaryPrimitives.ReadInt16BigEndian(Take(2));

    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));

    public int ReadInt32() => BinaryPrimitives.ReadInt32BigEndian(Take(4));

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

    public double ReadFloat64() => BinaryPrimitives.ReadDoubleBigEndian(Take(8));

    /// <summary>Reads a UUID as Java lays it out: most significant long, then least significant long, big-endian.</summary>
    public Guid ReadUuid() => new(Take(16), bigEndian: true);

    public uint ReadUnsignedVarInt()
    {
        var n = VarInt.TryReadUnsignedVarInt(_span[_position..], out var value);
        Advance(n, "unsigned varint");
        return value;
    }

    public int ReadVarInt()
    {
        var n = VarInt.TryReadVarInt(_span[_position..], out var value);
        Advance(n, "varint");
        return value;
    }

    public long ReadVarLong()
    {
        var n = VarInt.TryReadVarLong(_span[_position..], out var value);
        Advance(n, "varlong");
        return value;
    }

    public string ReadString(bool compact)
    {
        var length = ReadStringLength(compact);
        if (length < 0)
        {
            throw Corrupt("A non-nullable string was null.");
        }

        return Encoding.UTF8.GetString(Take(length));
    }

    public string? ReadNullableString(bool compact)
    {
        var length = ReadStringLength(compact);
        return length < 0 ? null : Encoding.UTF8.GetString(Take(length));
    }

    public string ReadString() => ReadString(compact: false);

    public string ReadCompactString() => ReadString(compact: true);

    public ReadOnlyMemory<byte> ReadBytes(bool compact)
    {
        var length = ReadBytesLength(compact);
        if (length < 0)
        {
            throw Corrupt("A non-nullable bytes field was null.");
        }

        return TakeMemory(length);
    }

    public ReadOnlyMemory<byte>? ReadNullableBytes(bool compact)
    {
        var length = ReadBytesLength(compact);
        return length < 0 ? (ReadOnlyMemory<byte>?)null : TakeMemory(length);
    }

    /// <summary>Reads a <c>records</c> field: nullable bytes, returned as a zero-copy slice.</summary>
    public ReadOnlyMemory<byte>? ReadRecords(bool compact) => ReadNullableBytes(compact);

    /// <summary>
    /// Reads an array's element count and checks it against the remaining bytes: a count above
    /// <c>Remaining / minElementSize</c> cannot be honest, so it is rejected before any list is allocated.
    /// </summary>
    public int ReadArrayLength(bool compact, int minElementSize)
    {
        var count = ReadNullableArrayLength(compact, minElementSize);
        if (count < 0)
        {
            throw Corrupt("A non-nullable array was null.");
        }

        return count;
    }

    /// <summary>Like <see cref="ReadArrayLength"/>, but returns -1 for a null array.</summary>
    public int ReadNullableArrayLength(bool compact, int minElementSize)
    {
        long count;
        if (compact)
        {
            count = (long)ReadUnsignedVarInt() - 1;
        }
        else
        {
            count = ReadInt32();
            if (count < -1)
            {
                throw Corrupt($"Negative array length {count}.");
            }
        }

        if (count > Remaining / Math.Max(1, minElementSize))
        {
            throw Corrupt($"Array length {count} exceeds what the remaining {Remaining} bytes can hold.");
        }

        return (int)count;
    }

    /// <summary>Reads the count that opens a tagged-field section; each field needs at least two bytes.</summary>
    public int ReadTaggedFieldCount()
    {
        var count = ReadUnsignedVarInt();
        if (count > (uint)(Remaining / 2))
        {
            throw Corrupt($"Tagged field count {count} exceeds what the remaining {Remaining} bytes can hold.");
        }

        return (int)count;
    }

    /// <summary>
    /// Reads one tagged field's tag and size. Tags must strictly increase (<paramref name="previousTag"/> carries the
    /// last one, start it at -1) and the size must fit in the remaining bytes.
    /// </summary>
    public int ReadTaggedFieldHeader(ref int previousTag, out int size)
    {
        var tag = ReadUnsignedVarInt();
        if (tag > int.MaxValue)
        {
            throw Corrupt($"Tag {tag} is out of range.");
        }

        if ((int)tag <= previousTag)
        {
            throw Corrupt($"Tagged field {tag} follows tag {previousTag}: tags must strictly increase.");
        }

        var declared = ReadUnsignedVarInt();
        if (declared > (uint)Remaining)
        {
            throw Corrupt($"Tagged field {tag} declares {declared} bytes but only {Remaining} remain.");
        }

        previousTag = (int)tag;
        size = (int)declared;
        return (int)tag;
    }

    /// <summary>Returns a reader over the next <paramref name="length"/> bytes and moves past them.</summary>
    public KafkaReader ReadSubReader(int length) => new(TakeMemory(length));

    /// <summary>Returns the next <paramref name="length"/> bytes as a zero-copy slice.</summary>
    public ReadOnlyMemory<byte> ReadRawBytes(int length) => TakeMemory(length);

    /// <summary>Throws unless every byte has been consumed (a tagged field or frame with trailing garbage).</summary>
    public readonly void EnsureAtEnd(string what)
    {
        if (!IsAtEnd)
        {
            throw Corrupt($"{Remaining} unexpected trailing bytes after {what}.");
        }
    }

    internal static ProtocolException Corrupt(string message) => new(KafkaErrorCode.CorruptMessage, message);

    private int ReadStringLength(bool compact)
    {
        var length = compact ? (long)ReadUnsignedVarInt() - 1 : ReadInt16();
        if (length < -1)
        {
            throw Corrupt($"Negative string length {length}.");
        }

        if (length > MaxStringLength)
        {
            throw Corrupt($"String length {length} exceeds {MaxStringLength}.");
        }

        return (int)length;
    }

    private int ReadBytesLength(bool compact)
    {
        var length = compact ? (long)ReadUnsignedVarInt() - 1 : ReadInt32();
        if (length < -1)
        {
            throw Corrupt($"Negative bytes length {length}.");
        }

        return (int)Math.Min(length, int.MaxValue);
    }

    private ReadOnlySpan<byte> Take(int length)
    {
        if ((uint)length > (uint)Remaining)
        {
            throw Corrupt($"Needed {length} bytes at position {_position} but only {Remaining} remain.");
        }

        var slice = _span.Slice(_position, length);
        _position += length;
        return slice;
    }

    private ReadOnlyMemory<byte> TakeMemory(int length)
    {
        if ((uint)length > (uint)Remaining)
        {
            throw Corrupt($"Needed {length} bytes at position {_position} but only {Remaining} remain.");
        }

        var slice = _memory.Slice(_position, length);
        _position += length;
        return slice;
    }

    private void Advance(int consumed, string what)
    {
        if (consumed == 0)
        {
            throw Corrupt($"Truncated {what} at position {_position}.");
        }

        if (consumed < 0)
        {
            throw Corrupt($"Over-long or overflowing {what} at position {_position}.");
        }

        _position += consumed;
    }
}
