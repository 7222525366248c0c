// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Granary.Protocol;

/// <summary>CRC-32C (Castagnoli), as record batches v2 use it, on the CPU's crc32 instructions.</summary>
/// <remarks>
/// One chain of crc32 instructions is bound by their latency (about 3 cycles per 8 bytes) while the CPU can start
/// one per cycle. Long inputs are therefore cut into three equal lanes computed side by side. The CRC register is
/// linear over GF(2): the state after lane B, started from the state left by lane A, equals
/// shift(A, |B|) xor (B started from 0), where shift(s, n) is what n zero bytes do to state s. For the two fixed
/// lane lengths used here shift is a 32x32 bit matrix, precomputed into four 256-entry tables (one per state byte)
/// by feeding zeros to each basis vector, so combining costs eight table lookups per block.
/// </remarks>
public static class Crc32C
{
    // Lane lengths are multiples of 8 so every lane runs on the 64-bit instruction only.
    private const int LongLane = 8192;
    private const int ShortLane = 256;

    private static readonly uint[] LongShift = BuildShiftTable(LongLane);
    private static readonly uint[] ShortShift = BuildShiftTable(ShortLane);

    /// <summary>Computes the CRC of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => ~Append(~0u, data);

    /// <summary>Continues a running CRC (pass ~0 to start, and invert the result to finish).</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        ref var p = ref MemoryMarshal.GetReference(data);
        nint remaining = data.Length;
        while (remaining >= 3 * LongLane)
        {
            crc = ThreeLanes(crc, ref p, LongLane, LongShift);
            p = ref Unsafe.Add(ref p, 3 * LongLane);
            remaining -= 3 * LongLane;
        }

        while (remaining >= 3 * ShortLane)
        {
            crc = ThreeLanes(crc, ref p, ShortLane, ShortShift);
            p = ref Unsafe.Add(ref p, 3 * ShortLane);
            remaining -= 3 * ShortLane;
        }

        return SingleLane(crc, ref p, remaining);
    }

    /// <summary>The plain one-chain loop, kept as the baseline the benchmarks compare against.</summary>
    public static uint AppendSingleLane(uint crc, ReadOnlySpan<byte> data) =>
        SingleLane(crc, ref MemoryMarshal.GetReference(data), data.Length);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint SingleLane(uint crc, ref byte p, nint length)
    {
        nint i = 0;
        for (; i + 8 <= length; i += 8)
        {
            crc = BitOperations.Crc32C(crc, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref p, i)));
        }

        for (; i < length; i++)
        {
            crc = BitOperations.Crc32C(crc, Unsafe.Add(ref p, i));
        }

        return crc;
    }

    private static uint ThreeLanes(uint crc, ref byte p, int lane, uint[] shift)
    {
        ref var b = ref Unsafe.Add(ref p, lane);
        ref var c = ref Unsafe.Add(ref p, 2 * lane);
        uint crcB = 0;
        uint crcC = 0;
        for (nint i = 0; i < lane; i += 8)
        {
            crc = BitOperations.Crc32C(crc, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref p, i)));
            crcB = BitOperations.Crc32C(crcB, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, i)));
            crcC = BitOperations.Crc32C(crcC, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref c, i)));
        }

        return Shift(Shift(crc, shift) ^ crcB, shift) ^ crcC;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Shift(uint state, uint[] table)
    {
        ref var t = ref MemoryMarshal.GetArrayDataReference(table);
        return Unsafe.Add(ref t, (int)(state & 0xFF)) ^
               Unsafe.Add(ref t, 256 + (int)((state >> 8) & 0xFF)) ^
               Unsafe.Add(ref t, 512 + (int)((state >> 16) & 0xFF)) ^
               Unsafe.Add(ref t, 768 + (int)(state >> 24));
    }

    private static uint[] BuildShiftTable(int zeroBytes)
    {
        // The image of each single-bit state under "append zeroBytes zeros"; by linearity any state's image is the
        // xor of the images of its set bits.
        Span<uint> basis = stackalloc uint[32];
        for (var bit = 0; bit < 32; bit++)
        {
            var state = 1u << bit;
            for (var i = 0; i < zeroBytes; i += 8)
            {
                state = BitOperations.Crc32C(state, 0UL);
            }

            basis[bit] = state;
        }

        var table = new uint[4 * 256];
        for (var k = 0; k < 4; k++)
        {
            for (var v = 0; v < 256; v++)
            {
                uint image = 0;
                for (var bit = 0; bit < 8; bit++)
                {
                    if ((v & (1 << bit)) != 0)
                    {
                        image ^= basis[(k * 8) + bit];
                    }
                }

                table[(k * 256) + v] = image;
            }
        }

        return table;
    }
}
