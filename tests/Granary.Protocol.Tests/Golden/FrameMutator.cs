// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers.Binary;
using Granary.Protocol.Records;

namespace Granary.Protocol.Tests.Golden;

/// <summary>
/// Seeded mutations of a golden frame: bit flips, interesting bytes, length-field tweaks, insertions, deletions,
/// truncations and duplicated chunks, plus mutations inside a record batch that re-stamp its CRC so the damage
/// gets past the checksum and reaches the decompressors and the record parser.
/// </summary>
public sealed class FrameMutator(byte[] original, IReadOnlyList<(int Start, int Length)> batches, int seed)
{
    private static readonly int[] InterestingInt32 = [-2, -1, 0, 1, 2, 16, 127, 128, 255, 256, 0x7FFF, 0x8000, 0xFFFF, 0x10000, int.MaxValue, int.MinValue];
    private static readonly short[] InterestingInt16 = [-2, -1, 0, 1, 2, 127, 128, 255, short.MaxValue, short.MinValue];
    private static readonly byte[] InterestingBytes = [0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF];

    private readonly Random random = new(seed);

    public byte[] Next()
    {
        var bytes = original;
        var steps = 1 + random.Next(3);
        for (var i = 0; i < steps; i++)
        {
            bytes = MutateOnce(bytes);
        }

        return bytes;
    }

    private byte[] MutateOnce(byte[] input)
    {
        if (batches.Count > 0 && random.Next(10) < 3 && input.Length == original.Length)
        {
            return MutateInsideBatch(input);
        }

        var bytes = (byte[])input.Clone();
        if (bytes.Length == 0)
        {
            return [(byte)random.Next(256)];
        }

        switch (random.Next(8))
        {
            case 0:
                FlipBits(bytes, 0, bytes.Length);
                return bytes;
            case 1:
                bytes[random.Next(bytes.Length)] = InterestingBytes[random.Next(InterestingBytes.Length)];
                return bytes;
            case 2:
            case 3:
                TweakLength(bytes, 0, bytes.Length);
                return bytes;
            case 4:
                return Insert(bytes, random.Next(bytes.Length + 1), RandomBytes(1 + random.Next(16)));
            case 5:
                return Delete(bytes);
            case 6:
                return bytes[..random.Next(bytes.Length)];
            default:
                var start = random.Next(bytes.Length);
                var chunk = bytes.AsSpan(start, Math.Min(bytes.Length - start, 1 + random.Next(32))).ToArray();
                return Insert(bytes, random.Next(bytes.Length + 1), chunk);
        }
    }

    private byte[] MutateInsideBatch(byte[] input)
    {
        var bytes = (byte[])input.Clone();
        var (start, length) = batches[random.Next(batches.Count)];
        var protectedStart = start + RecordBatchHeader.AttributesOffset;
        var end = start + length;
        if (random.Next(2) == 0)
        {
            FlipBits(bytes, protectedStart, end);
        }
        else
        {
            TweakLength(bytes, protectedStart, end);
        }

        var batch = bytes.AsSpan(start, length);
        BinaryPrimitives.WriteUInt32BigEndian(batch[RecordBatchHeader.CrcOffset..], RecordBatchHeader.ComputeCrc(batch));
        return bytes;
    }

    private void FlipBits(byte[] bytes, int from, int to)
    {
        var flips = 1 + random.Next(4);
        for (var i = 0; i < flips; i++)
        {
            bytes[random.Next(from, to)] ^= (byte)(1 << random.Next(8));
        }
    }

    private void TweakLength(byte[] bytes, int from, int to)
    {
        var position = random.Next(from, to);
        var room = to - position;
        switch (random.Next(3))
        {
            case 0 when room >= 4:
                var current = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(position));
                var value = random.Next(3) == 0 ? current + random.Next(-2, 3) : InterestingInt32[random.Next(InterestingInt32.Length)];
                BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(position), value);
                break;
            case 1 when room >= 2:
                BinaryPrimitives.WriteInt16BigEndian(bytes.AsSpan(position), InterestingInt16[random.Next(InterestingInt16.Length)]);
                break;
            default:
                // A varint: over-long, huge, or negative when zigzag-decoded.
                bytes[position] = (byte)(random.Next(2) == 0 ? 0xFF : random.Next(256));
                break;
        }
    }

    private byte[] Delete(byte[] bytes)
    {
        var start = random.Next(bytes.Length);
        var count = Math.Min(bytes.Length - start, 1 + random.Next(16));
        return [.. bytes.AsSpan(0, start), .. bytes.AsSpan(start + count)];
    }

    private static byte[] Insert(byte[] bytes, int at, byte[] chunk) =>
        [.. bytes.AsSpan(0, at), .. chunk, .. bytes.AsSpan(at)];

    private byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
