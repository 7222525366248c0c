// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Granary.Protocol.Compression;

/// <summary>
/// The LZ4 block format: a greedy single-probe compressor (4096-entry hash table, LZ4's default level) and a
/// decompressor that checks every length and offset against both buffers before touching memory.
/// </summary>
public static unsafe class Lz4Block
{
    private const int MinMatch = 4;
    private const int LastLiterals = 5;
    private const int MatchFindLimit = 12;
    private const int HashLog = 12;
    private const int MaxOffset = 65535;
    private const int SkipTrigger = 6;

    /// <summary>The worst-case compressed size of <paramref name="length"/> input bytes.</summary>
    public static int MaxCompressedLength(int length) => length + (length / 255) + 16;

    /// <summary>Compresses one block; <paramref name="destination"/> must hold <see cref="MaxCompressedLength"/> bytes.</summary>
    /// <returns>The compressed size.</returns>
    public static int Compress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (destination.Length < MaxCompressedLength(source.Length))
        {
            throw new ArgumentException("The destination is smaller than the worst-case compressed size.", nameof(destination));
        }

        var table = stackalloc int[1 << HashLog];
        new Span<int>(table, 1 << HashLog).Clear();
        fixed (byte* src = source)
        fixed (byte* dst = destination)
        {
            return (int)(CompressCore(src, source.Length, dst, table) - dst);
        }
    }

    /// <summary>
    /// Decompresses one independent block into <paramref name="destination"/>; matches may reach back only into
    /// what this block has written.
    /// </summary>
    /// <returns>The decompressed size, or -1 when the output does not fit in <paramref name="destination"/>.</returns>
    /// <exception cref="ProtocolException">The block is malformed or truncated.</exception>
    public static int Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        fixed (byte* src = source)
        fixed (byte* dst = destination)
        {
            return DecompressCore(src, source.Length, dst, destination.Length);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Hash(uint sequence) => (sequence * 2654435761u) >> (32 - HashLog);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Read32(byte* p) => Unsafe.ReadUnaligned<uint>(p);

    private static byte* CompressCore(byte* src, int length, byte* op, int* table)
    {
        var anchor = src;
        if (length >= MatchFindLimit + 1)
        {
            var ip = src;
            var matchLimit = src + length - LastLiterals;
            var findLimit = src + length - MatchFindLimit;
            table[Hash(Read32(ip))] = 0;
            ip++;

            while (true)
            {
                // Find a match, skipping faster through input that keeps missing (incompressible data).
                byte* match;
                var attempts = 1 << SkipTrigger;
                var step = 1;
                while (true)
                {
                    if (ip > findLimit)
                    {
                        goto LastLiteralsLabel;
                    }

                    var h = Hash(Read32(ip));
                    match = src + table[h];
                    table[h] = (int)(ip - src);
                    if (ip - match <= MaxOffset && Read32(match) == Read32(ip))
                    {
                        break;
                    }

                    ip += step;
                    step = attempts++ >> SkipTrigger;
                }

                while (ip > anchor && match > src && ip[-1] == match[-1])
                {
                    ip--;
                    match--;
                }

                var literalLength = (int)(ip - anchor);
                var token = op++;
                if (literalLength >= 15)
                {
                    *token = 15 << 4;
                    op = WriteLength(op, literalLength - 15);
                }
                else
                {
                    *token = (byte)(literalLength << 4);
                }

                CopyLiterals(op, anchor, literalLength);
                op += literalLength;

                var offset = (int)(ip - match);
                *op++ = (byte)offset;
                *op++ = (byte)(offset >> 8);

                ip += MinMatch;
                match += MinMatch;
                var matchLength = CommonLength(ip, match, matchLimit);
                ip += matchLength;
                if (matchLength >= 15)
                {
                    *token |= 15;
                    op = WriteLength(op, matchLength - 15);
                }
                else
                {
                    *token |= (byte)matchLength;
                }

                anchor = ip;
                if (ip > findLimit)
                {
                    break;
                }

                table[Hash(Read32(ip - 2))] = (int)(ip - 2 - src);
            }
        }

    LastLiteralsLabel:
        var last = (int)(src + length - anchor);
        if (last >= 15)
        {
            *op++ = 15 << 4;
            op = WriteLength(op, last - 15);
        }
        else
        {
            *op++ = (byte)(last << 4);
        }

        Buffer.MemoryCopy(anchor, op, last, last);
        return op + last;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte* WriteLength(byte* op, int length)
    {
        while (length >= 255)
        {
            *op++ = 255;
            length -= 255;
        }

        *op++ = (byte)length;
        return op;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyLiterals(byte* destination, byte* source, int length)
    {
        // Whole vectors, then an exact tail: neither buffer is read or written past the run, so no slack is needed.
        var copied = 0;
        for (; length - copied >= 32; copied += 32)
        {
            Vector256.Store(Vector256.Load(source + copied), destination + copied);
        }

        Unsafe.CopyBlockUnaligned(destination + copied, source + copied, (uint)(length - copied));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int CommonLength(byte* ip, byte* match, byte* limit)
    {
        var start = ip;
        while (ip <= limit - 8)
        {
            var diff = Unsafe.ReadUnaligned<ulong>(ip) ^ Unsafe.ReadUnaligned<ulong>(match);
            if (diff != 0)
            {
                return (int)(ip - start) + (System.Numerics.BitOperations.TrailingZeroCount(diff) >> 3);
            }

            ip += 8;
            match += 8;
        }

        while (ip < limit && *ip == *match)
        {
            ip++;
            match++;
        }

        return (int)(ip - start);
    }

    private static int DecompressCore(byte* src, int srcLength, byte* dst, int dstLength)
    {
        var ip = src;
        var srcEnd = src + srcLength;
        var op = dst;
        var dstEnd = dst + dstLength;
        while (true)
        {
            if (ip >= srcEnd)
            {
                throw Corrupt("the block ends without a final literal run");
            }

            uint token = *ip++;
            var literalLength = (long)(token >> 4);
            if (literalLength == 15)
            {
                literalLength += ReadLength(ref ip, srcEnd);
            }

            if (literalLength > srcEnd - ip)
            {
                throw Corrupt("a literal run overruns the block");
            }

            if (literalLength > dstEnd - op)
            {
                return -1;
            }

            // Fast path: with 16 bytes of slack on both sides copy whole vectors.
            if (literalLength <= 16 && srcEnd - ip >= 16 && dstEnd - op >= 16)
            {
                Vector128.Store(Vector128.Load(ip), op);
            }
            else if (srcEnd - ip >= literalLength + 32 && dstEnd - op >= literalLength + 32)
            {
                for (long copied = 0; copied < literalLength; copied += 32)
                {
                    Vector256.Store(Vector256.Load(ip + copied), op + copied);
                }
            }
            else
            {
                Buffer.MemoryCopy(ip, op, dstEnd - op, literalLength);
            }

            ip += literalLength;
            op += literalLength;
            if (ip == srcEnd)
            {
                return (int)(op - dst);
            }

            if (srcEnd - ip < 2)
            {
                throw Corrupt("a match offset is truncated");
            }

            var offset = ip[0] | (ip[1] << 8);
            ip += 2;
            if (offset == 0 || offset > op - dst)
            {
                throw Corrupt($"match offset {offset} points before the start of the output");
            }

            var matchLength = (long)(token & 15);
            if (matchLength == 15)
            {
                matchLength += ReadLength(ref ip, srcEnd);
            }

            matchLength += MinMatch;
            if (matchLength > dstEnd - op)
            {
                return -1;
            }

            var match = op - offset;
            if (offset >= 16 && dstEnd - op >= matchLength + 16)
            {
                // Each 16-byte chunk reads bytes at least 16 behind the write position, already final; the last chunk
                // may write up to 15 bytes past the match, inside the destination and overwritten later.
                var end = op + matchLength;
                do
                {
                    Vector128.Store(Vector128.Load(match), op);
                    op += 16;
                    match += 16;
                }
                while (op < end);
                op = end;
            }
            else if (offset >= 8 && dstEnd - op >= matchLength + 8)
            {
                var end = op + matchLength;
                do
                {
                    Unsafe.WriteUnaligned(op, Unsafe.ReadUnaligned<ulong>(match));
                    op += 8;
                    match += 8;
                }
                while (op < end);
                op = end;
            }
            else
            {
                var end = op + matchLength;
                while (op < end)
                {
                    *op++ = *match++;
                }
            }
        }
    }

    private static long ReadLength(ref byte* ip, byte* srcEnd)
    {
        long total = 0;
        uint b;
        do
        {
            if (ip >= srcEnd)
            {
                throw Corrupt("a length is truncated");
            }

            b = *ip++;
            total += b;
            if (total > int.MaxValue)
            {
                throw Corrupt("a length exceeds 2 GiB");
            }
        }
        while (b == 255);
        return total;
    }

    private static ProtocolException Corrupt(string detail) => new(KafkaErrorCode.CorruptMessage, $"Corrupt LZ4 block: {detail}.");
}
