// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers.Binary;
using System.Text;
using Granary.Protocol.Primitives;

namespace Granary.Protocol.GoldenCapture;

/// <summary>
/// Writes response fields in the classic or compact (flexible) encoding, into a growable buffer that starts with
/// a 4-byte size prefix patched by <see cref="ToFrame"/>.
/// </summary>
internal sealed class WireWriter
{
    private readonly MemoryStream stream = new();

    public WireWriter(bool flexible)
    {
        Flexible = flexible;
        stream.Write([0, 0, 0, 0]);
    }

    public bool Flexible { get; }

    public WireWriter Int8(sbyte value)
    {
        stream.WriteByte((byte)value);
        return this;
    }

    public WireWriter Bool(bool value) => Int8(value ? (sbyte)1 : (sbyte)0);

    public WireWriter Int16(short value)
    {
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteInt16BigEndian(bytes, value);
        stream.Write(bytes);
        return this;
    }

    public WireWriter Int32(int value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        stream.Write(bytes);
        return this;
    }

    public WireWriter Int64(long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        stream.Write(bytes);
        return this;
    }

    public WireWriter Uuid(Guid value)
    {
        Span<byte> bytes = stackalloc byte[16];
        value.TryWriteBytes(bytes, bigEndian: true, out _);
        stream.Write(bytes);
        return this;
    }

    public WireWriter UnsignedVarInt(uint value)
    {
        Span<byte> bytes = stackalloc byte[VarInt.MaxVarIntBytes];
        stream.Write(bytes[..VarInt.WriteUnsignedVarInt(bytes, value)]);
        return this;
    }

    public WireWriter ArrayLength(int count) => Flexible ? UnsignedVarInt((uint)(count + 1)) : Int32(count);

    public WireWriter String(string? value)
    {
        if (value is null)
        {
            return Flexible ? UnsignedVarInt(0) : Int16(-1);
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        _ = Flexible ? UnsignedVarInt((uint)bytes.Length + 1) : Int16((short)bytes.Length);
        stream.Write(bytes);
        return this;
    }

    public WireWriter Bytes(ReadOnlySpan<byte> value, bool isNull = false)
    {
        if (isNull)
        {
            return Flexible ? UnsignedVarInt(0) : Int32(-1);
        }

        _ = Flexible ? UnsignedVarInt((uint)value.Length + 1) : Int32(value.Length);
        stream.Write(value);
        return this;
    }

    /// <summary>An empty tagged-field section; a no-op in the classic encoding.</summary>
    public WireWriter Tags() => Flexible ? UnsignedVarInt(0) : this;

    public WireWriter Int32Array(params int[] values)
    {
        ArrayLength(values.Length);
        foreach (var value in values)
        {
            Int32(value);
        }

        return this;
    }

    public byte[] ToFrame()
    {
        var frame = stream.ToArray();
        BinaryPrimitives.WriteInt32BigEndian(frame, frame.Length - 4);
        return frame;
    }
}
