// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Protocol.Primitives;

/// <summary>
/// Kafka's variable-length integers: unsigned LEB128 (protobuf style), and zigzag-signed varint/varlong.
/// </summary>
/// <remarks>
/// Readers reject encodings longer than 5 bytes (32-bit) or 10 bytes (64-bit), and 32-bit values whose fifth byte
/// carries bits beyond 32, so a hostile peer can neither loop a reader nor smuggle an overflow through.
/// Each TryRead returns the number of bytes consumed, 0 when more bytes are needed, or -1 when malformed.
/// </remarks>
public static class VarInt
{
    public const int MaxVarIntBytes = 5;
    public const int MaxVarLongBytes = 10;

    public static int TryReadUnsignedVarInt(ReadOnlySpan<byte> source, out uint value)
    {
        value = 0;
        var shift = 0;
        for (var i = 0; i < MaxVarIntBytes; i++)
        {
            if (i >= source.Length)
            {
                return 0;
            }

            uint b = source[i];
            if (i == MaxVarIntBytes - 1 && b > 0x0F)
            {
                return -1;
            }

            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return i + 1;
            }

            shift += 7;
        }

        return -1;
    }

    public static int TryReadUnsignedVarLong(ReadOnlySpan<byte> source, out ulong value)
    {
        value = 0;
        var shift = 0;
        for (var i = 0; i < MaxVarLongBytes; i++)
        {
            if (i >= source.Length)
            {
                return 0;
            }

            ulong b = source[i];
            if (i == MaxVarLongBytes - 1 && b > 0x01)
            {
                return -1;
            }

            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return i + 1;
            }

            shift += 7;
        }

        return -1;
    }

    public static int TryReadVarInt(ReadOnlySpan<byte> source, out int value)
    {
        var n = TryReadUnsignedVarInt(source, out var raw);
        value = (int)(raw >> 1) ^ -(int)(raw & 1);
        return n;
    }

    public static int TryReadVarLong(ReadOnlySpan<byte> source, out long value)
    {
        var n = TryReadUnsignedVarLong(source, out var raw);
        value = (long)(raw >> 1) ^ -(long)(raw & 1);
        return n;
    }

    public static int SizeOfUnsignedVarInt(uint value) => Math.Max(1, (38 - System.Numerics.BitOperations.LeadingZeroCount(value | 1)) / 7);

    public static int SizeOfUnsignedVarLong(ulong value) => Math.Max(1, (70 - System.Numerics.BitOperations.LeadingZeroCount(value | 1)) / 7);

    public static int SizeOfVarInt(int value) => SizeOfUnsignedVarInt(ZigZag(value));

    public static int SizeOfVarLong(long value) => SizeOfUnsignedVarLong(ZigZag(value));

    public static uint ZigZag(int value) => (uint)((value << 1) ^ (value >> 31));

    public static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    /// <summary>Writes <paramref name="value"/>; the destination must hold <see cref="SizeOfUnsignedVarInt"/> bytes.</summary>
    public static int WriteUnsignedVarInt(Span<byte> destination, uint value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }

    public static int WriteUnsignedVarLong(Span<byte> destination, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }

    public static int WriteVarInt(Span<byte> destination, int value) => WriteUnsignedVarInt(destination, ZigZag(value));

    public static int WriteVarLong(Span<byte> destination, long value) => WriteUnsignedVarLong(destination, ZigZag(value));
}
