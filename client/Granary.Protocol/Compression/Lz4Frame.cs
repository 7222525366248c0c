// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers;
using System.Buffers.Binary;

namespace Granary.Protocol.Compression;

/// <summary>
/// The LZ4 frame format (magic 0x184D2204), as Kafka's lz4 codec carries it: written with independent 64 KiB blocks
/// and no checksums besides the header's, as Java clients write it; read with any block size, block and content
/// checksums verified when present, skippable frames skipped and concatenated frames joined. Linked (dependent)
/// blocks are refused, as Kafka's own reader refuses them.
/// </summary>
public static class Lz4Frame
{
    public const uint Magic = 0x184D2204;
    private const uint SkippableMagicMask = 0xFFFFFFF0;
    private const uint SkippableMagic = 0x184D2A50;
    private const int BlockSize64K = 64 * 1024;

    /// <summary>
    /// Writes one frame holding <paramref name="source"/> to <paramref name="destination"/>; with
    /// <paramref name="contentChecksum"/> an xxHash32 of the content follows the end mark (the lz4 tool's default;
    /// Kafka omits it).
    /// </summary>
    public static void Compress(ReadOnlySpan<byte> source, IBufferWriter<byte> destination, bool contentChecksum = false)
    {
        var hash = contentChecksum ? XxHash32.Hash(source) : 0;
        var header = destination.GetSpan(7);
        BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);

        // FLG: version 01, block independence; BD: 64 KiB maximum block size.
        header[4] = (byte)(0x40 | 0x20 | (contentChecksum ? 0x04 : 0));
        header[5] = 4 << 4;
        header[6] = HeaderChecksum(header.Slice(4, 2));
        destination.Advance(7);

        var maxBlock = Lz4Block.MaxCompressedLength(BlockSize64K);
        while (!source.IsEmpty)
        {
            var chunk = source[..Math.Min(BlockSize64K, source.Length)];
            source = source[chunk.Length..];
            var span = destination.GetSpan(4 + Math.Max(maxBlock, chunk.Length));
            var size = Lz4Block.Compress(chunk, span[4..]);
            if (size >= chunk.Length)
            {
                // Incompressible: store the block raw, flagged by the size's high bit.
                chunk.CopyTo(span[4..]);
                BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)chunk.Length | 0x80000000u);
                destination.Advance(4 + chunk.Length);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)size);
                destination.Advance(4 + size);
            }
        }

        var end = destination.GetSpan(8);
        BinaryPrimitives.WriteUInt32LittleEndian(end, 0);
        if (contentChecksum)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(end[4..], hash);
        }

        destination.Advance(contentChecksum ? 8 : 4);
    }

    /// <summary>Decompresses every frame in <paramref name="source"/>, refusing output beyond <paramref name="maxOutputBytes"/>.</summary>
    /// <returns>The number of bytes written.</returns>
    /// <param name="source">One or more frames.</param>
    /// <param name="destination">Receives the content.</param>
    /// <param name="maxOutputBytes">The bound on the content's size.</param>
    /// <param name="acceptKafka3160HeaderChecksum">
    /// Also accept the header checksum that Kafka's magic v0 writer computed wrongly (KAFKA-3160: over the magic as
    /// well as the descriptor). Only for v0 messages; v1 and v2 carry the correct checksum.
    /// </param>
    public static int Decompress(ReadOnlySpan<byte> source, IBufferWriter<byte> destination, int maxOutputBytes, bool acceptKafka3160HeaderChecksum = false)
    {
        var total = 0;
        var frames = 0;
        while (!source.IsEmpty || frames == 0)
        {
            if (source.Length < 4)
            {
                throw Corrupt("the frame magic is truncated");
            }

            var magic = BinaryPrimitives.ReadUInt32LittleEndian(source);
            if ((magic & SkippableMagicMask) == SkippableMagic)
            {
                if (source.Length < 8)
                {
                    throw Corrupt("a skippable frame is truncated");
                }

                var skip = BinaryPrimitives.ReadUInt32LittleEndian(source[4..]);
                if (skip > (uint)(source.Length - 8))
                {
                    throw Corrupt("a skippable frame is truncated");
                }

                source = source[(8 + (int)skip)..];
                frames++;
                continue;
            }

            if (magic != Magic)
            {
                throw Corrupt($"bad magic 0x{magic:X8}");
            }

            source = DecompressFrame(source, destination, maxOutputBytes, acceptKafka3160HeaderChecksum, ref total);
            frames++;
        }

        return total;
    }

    private static ReadOnlySpan<byte> DecompressFrame(ReadOnlySpan<byte> frame, IBufferWriter<byte> destination, int maxOutputBytes, bool acceptKafka3160, scoped ref int total)
    {
        var source = frame[4..];
        if (source.Length < 3)
        {
            throw Corrupt("the frame descriptor is truncated");
        }

        var flg = source[0];
        var bd = source[1];
        if ((flg >> 6) != 1)
        {
            throw Corrupt($"unsupported frame version {flg >> 6}");
        }

        if ((flg & 0x02) != 0 || (bd & 0x8F) != 0)
        {
            throw Corrupt("reserved descriptor bits are set");
        }

        var independent = (flg & 0x20) != 0;
        var blockChecksum = (flg & 0x10) != 0;
        var hasContentSize = (flg & 0x08) != 0;
        var contentChecksum = (flg & 0x04) != 0;
        var hasDictionary = (flg & 0x01) != 0;
        var blockMaxCode = (bd >> 4) & 0x7;
        if (blockMaxCode < 4)
        {
            throw Corrupt($"block maximum size code {blockMaxCode} is invalid");
        }

        var blockMax = 1 << (8 + (2 * blockMaxCode));
        var descriptorLength = 2 + (hasContentSize ? 8 : 0) + (hasDictionary ? 4 : 0);
        if (source.Length < descriptorLength + 1)
        {
            throw Corrupt("the frame descriptor is truncated");
        }

        if (HeaderChecksum(source[..descriptorLength]) != source[descriptorLength] &&
            !(acceptKafka3160 && HeaderChecksum(frame[..(4 + descriptorLength)]) == source[descriptorLength]))
        {
            throw Corrupt("the frame header checksum does not match");
        }

        if (hasDictionary)
        {
            throw Corrupt("frames that need a dictionary are not supported");
        }

        if (!independent)
        {
            throw Corrupt("linked blocks are not supported; Kafka writes independent blocks");
        }

        long declaredSize = -1;
        if (hasContentSize)
        {
            declaredSize = BinaryPrimitives.ReadInt64LittleEndian(source[2..]);
            if (declaredSize < 0 || declaredSize > maxOutputBytes - total)
            {
                throw new ProtocolException(KafkaErrorCode.CorruptMessage, $"LZ4 data declares {declaredSize} bytes, beyond the {maxOutputBytes}-byte bound; refused.");
            }
        }

        source = source[(descriptorLength + 1)..];
        var hash = new XxHash32(0);
        var frameStart = total;
        while (true)
        {
            if (source.Length < 4)
            {
                throw Corrupt("a block size is truncated");
            }

            var size = BinaryPrimitives.ReadUInt32LittleEndian(source);
            source = source[4..];
            if (size == 0)
            {
                break;
            }

            var raw = (size & 0x80000000u) != 0;
            size &= 0x7FFFFFFFu;
            if (size > blockMax || size > source.Length - (blockChecksum ? 4 : 0))
            {
                throw Corrupt("a block is larger than the frame's maximum or than the data left");
            }

            var block = source[..(int)size];
            source = source[(int)size..];
            if (blockChecksum)
            {
                if (XxHash32.Hash(block) != BinaryPrimitives.ReadUInt32LittleEndian(source))
                {
                    throw Corrupt("a block checksum does not match");
                }

                source = source[4..];
            }

            var room = maxOutputBytes - total;
            int written;
            if (raw)
            {
                if (block.Length > room)
                {
                    throw Bomb(maxOutputBytes);
                }

                var span = destination.GetSpan(block.Length);
                block.CopyTo(span);
                written = block.Length;
                if (contentChecksum)
                {
                    hash.Append(span[..written]);
                }
            }
            else
            {
                var capacity = Math.Min(blockMax, room);
                var span = destination.GetSpan(capacity)[..capacity];
                written = Lz4Block.Decompress(block, span);
                if (written < 0)
                {
                    throw capacity < blockMax ? Bomb(maxOutputBytes) : Corrupt("a block decompresses beyond the frame's maximum block size");
                }

                if (contentChecksum)
                {
                    hash.Append(span[..written]);
                }
            }

            destination.Advance(written);
            total += written;
        }

        if (contentChecksum)
        {
            if (source.Length < 4)
            {
                throw Corrupt("the content checksum is truncated");
            }

            if (hash.GetCurrentHash() != BinaryPrimitives.ReadUInt32LittleEndian(source))
            {
                throw Corrupt("the content checksum does not match");
            }

            source = source[4..];
        }

        if (declaredSize >= 0 && declaredSize != total - frameStart)
        {
            throw Corrupt($"the frame declares {declaredSize} bytes but holds {total - frameStart}");
        }

        return source;
    }

    private static byte HeaderChecksum(ReadOnlySpan<byte> descriptor) => (byte)(XxHash32.Hash(descriptor) >> 8);

    private static ProtocolException Corrupt(string detail) => new(KafkaErrorCode.CorruptMessage, $"Corrupt LZ4 frame: {detail}.");

    private static ProtocolException Bomb(int maxOutputBytes) =>
        new(KafkaErrorCode.CorruptMessage, $"LZ4 data decompresses to more than the {maxOutputBytes}-byte bound; refused.");
}
