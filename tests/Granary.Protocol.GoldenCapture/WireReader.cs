// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers.Binary;
using System.Text;
using Granary.Protocol.Primitives;

namespace Granary.Protocol.GoldenCapture;

/// <summary>
/// Reads the few request fields the capture broker needs to answer, in either the classic or the compact
/// (flexible) encoding. The capture tool only talks to clients on this machine, so it is deliberately
/// small; the product decoder with its full validation is the code under test.
/// </summary>
internal ref struct WireReader
{
    private readonly ReadOnlySpan<byte> buffer;
    private int position;

    public WireReader(ReadOnlySpan<byte> buffer, bool flexible)
    {
        this.buffer = buffer;
        Flexible = flexible;
        position = 0;
    }

    public bool Flexible { get; set; }

    public readonly int Position => position;

    public sbyte ReadInt8() => (sbyte)Take(1)[0];

    public bool ReadBool() => Take(1)[0] != 0;

    public short ReadInt16() => BinaryPrimitives.ReadInt16BigEndian(Take(2));

    public int ReadInt32() => BinaryPrimitives.ReadInt32BigEndian(Take(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

    public Guid ReadUuid() => new(Take(16), bigEndian: true);

    public uint ReadUnsignedVarInt()
    {
        var n = VarInt.TryReadUnsignedVarInt(buffer[position..], out var value);
        if (n <= 0)
        {
            throw new InvalidDataException("Malformed unsigned varint.");
        }

        position += n;
        return value;
    }

    /// <summary>Returns the element count of an array, or -1 for null.</summary>
    public int ReadArrayLength() => Flexible ? (int)ReadUnsignedVarInt() - 1 : ReadInt32();

    public string? ReadString()
    {
        var length = Flexible ? (int)ReadUnsignedVarInt() - 1 : ReadInt16();
        return length < 0 ? null : Encoding.UTF8.GetString(Take(length));
    }

    public ReadOnlySpan<byte> ReadBytes()
    {
        var length = Flexible ? (int)ReadUnsignedVarInt() - 1 : ReadInt32();
        return length < 0 ? default : Take(length);
    }

    public void SkipTaggedFields()
    {
        if (!Flexible)
        {
            return;
        }

        var count = ReadUnsignedVarInt();
        for (var i = 0; i < count; i++)
        {
            ReadUnsignedVarInt();
            var size = (int)ReadUnsignedVarInt();
            Take(size);
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > buffer.Length - position)
        {
            throw new InvalidDataException($"Field of {count} bytes runs past the frame at {position}.");
        }

        var slice = buffer.Slice(position, count);
        position += count;
        return slice;
    }
}
