// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers.Binary;
using Granary.Protocol.Compression;
using Granary.Protocol.Primitives;

namespace Granary.Protocol.Records;

/// <summary>
/// Message sets of magic v0 and v1 (Kafka before 0.11): read only, to convert them into a v2 batch. Each entry is
/// offset int64, size int32, then the message: crc uint32 (CRC-32 IEEE of the rest), magic int8, attributes int8,
/// timestamp int64 (v1 only), key and value as int32-length bytes (-1 = null). A compressed message's value is
/// itself a message set of uncompressed messages (v1: with offsets relative to the wrapper's last offset).
/// </summary>
public static class LegacyMessageSet
{
    private const int EntryOverhead = 12;
    private const int TimestampTypeBit = 0x08;

    /// <summary>
    /// Appends every message of <paramref name="messageSet"/> (decompressing wrappers, verifying each CRC) to
    /// <paramref name="builder"/>, which must be empty; its BaseOffset becomes the first message's offset and the
    /// offsets are kept as deltas where they increase (repeated offsets, as some old producers send, become
    /// consecutive). v0 messages get no timestamp (-1).
    /// </summary>
    /// <returns>The number of messages converted.</returns>
    /// <exception cref="ProtocolException">A message is malformed (CORRUPT_MESSAGE) or the set is v2 or unknown.</exception>
    public static int ConvertToV2(ReadOnlySpan<byte> messageSet, RecordBatchBuilder builder, int maxUncompressedBytes = RecordBatchReader.DefaultMaxUncompressedBytes)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Count != 0)
        {
            throw new ArgumentException("The builder must be empty.", nameof(builder));
        }

        var state = new ConversionState { Budget = maxUncompressedBytes };
        ConvertSet(messageSet, builder, ref state, wrapper: null);
        if (state.Count == 0)
        {
            throw new ProtocolException(KafkaErrorCode.CorruptMessage, "The legacy message set holds no messages.");
        }

        return state.Count;
    }

    /// <summary>Converts a legacy message set into one v2 batch, in a new array.</summary>
    public static byte[] ConvertToV2(ReadOnlySpan<byte> messageSet, CompressionType compression = CompressionType.None, int maxUncompressedBytes = RecordBatchReader.DefaultMaxUncompressedBytes)
    {
        using var builder = new RecordBatchBuilder(compression);
        ConvertToV2(messageSet, builder, maxUncompressedBytes);
        return builder.ToArray();
    }

    private static void ConvertSet(ReadOnlySpan<byte> set, RecordBatchBuilder builder, ref ConversionState state, in Wrapper? wrapper)
    {
        var lastRelative = 0L;
        if (wrapper is not null && wrapper.Value.Magic == 1)
        {
            // v1 inner offsets are relative; the wrapper carries the absolute offset of the last one.
            var scan = set;
            while (scan.Length >= EntryOverhead)
            {
                lastRelative = BinaryPrimitives.ReadInt64BigEndian(scan);
                var size = BinaryPrimitives.ReadInt32BigEndian(scan[8..]);
                if (size < 0 || size > scan.Length - EntryOverhead)
                {
                    break;
                }

                scan = scan[(EntryOverhead + size)..];
            }
        }

        while (!set.IsEmpty)
        {
            if (set.Length < EntryOverhead)
            {
                throw Corrupt("a message's offset and size are truncated");
            }

            var offset = BinaryPrimitives.ReadInt64BigEndian(set);
            var size = BinaryPrimitives.ReadInt32BigEndian(set[8..]);
            if (size < 0 || size > set.Length - EntryOverhead)
            {
                throw Corrupt($"a message's size {size} overruns the set");
            }

            var message = set.Slice(EntryOverhead, size);
            set = set[(EntryOverhead + size)..];
            if (wrapper is not null)
            {
                offset = wrapper.Value.Magic == 1 ? wrapper.Value.Offset - lastRelative + offset : offset;
            }

            ConvertMessage(offset, message, builder, ref state, wrapper);
        }
    }

    private static void ConvertMessage(long offset, ReadOnlySpan<byte> message, RecordBatchBuilder builder, ref ConversionState state, in Wrapper? wrapper)
    {
        if (message.Length < 6)
        {
            throw Corrupt("a message is shorter than its header");
        }

        var magic = message[4];
        if (magic > 1)
        {
            throw new ProtocolException(KafkaErrorCode.CorruptMessage, $"A legacy message set holds a message with magic {magic}.");
        }

        var headerSize = magic == 0 ? 6 : 14;
        if (message.Length < headerSize + 8)
        {
            throw Corrupt("a message is shorter than its header");
        }

        if (Crc32Ieee.Compute(message[4..]) != BinaryPrimitives.ReadUInt32BigEndian(message))
        {
            throw Corrupt($"the CRC of the message at offset {offset} does not match");
        }

        var attributes = message[5];
        var timestamp = magic == 1 ? BinaryPrimitives.ReadInt64BigEndian(message[6..]) : -1;
        var p = headerSize;
        var key = ReadBytes(message, ref p, out var keyIsNull);
        var value = ReadBytes(message, ref p, out var valueIsNull);
        if (p != message.Length)
        {
            throw Corrupt("a message has bytes after its value");
        }

        var compression = (CompressionType)(attributes & 0x07);
        if (compression != CompressionType.None)
        {
            if (wrapper is not null)
            {
                throw Corrupt("a compressed message is nested in another");
            }

            if ((int)compression > (int)CompressionType.Lz4 || valueIsNull)
            {
                throw Corrupt($"a wrapper message has compression {(int)compression} or no value");
            }

            using var inner = new PooledBufferWriter(Math.Min(state.Budget, Math.Max(4096, value.Length * 4)));
            var written = compression == CompressionType.Lz4 && magic == 0
                ? Lz4Frame.Decompress(value, inner, state.Budget, acceptKafka3160HeaderChecksum: true)
                : CompressionCodec.For(compression).Decompress(value, inner, state.Budget);
            state.Budget -= written;
            var logAppendTime = magic == 1 && (attributes & TimestampTypeBit) != 0;
            ConvertSet(inner.WrittenSpan, builder, ref state, new Wrapper(magic, offset, logAppendTime ? timestamp : -1));
            return;
        }

        if (wrapper is { LogAppendTime: >= 0 })
        {
            timestamp = wrapper.Value.LogAppendTime;
        }

        if (state.Count == 0)
        {
            builder.BaseOffset = offset;
        }

        var delta = Math.Max(offset - builder.BaseOffset, (long)builder.NextOffsetDelta);
        if (delta > int.MaxValue)
        {
            throw Corrupt("message offsets span more than 2^31");
        }

        builder.Append((int)delta, timestamp, key, keyIsNull, value, valueIsNull, default);
        state.Count++;
    }

    private static ReadOnlySpan<byte> ReadBytes(ReadOnlySpan<byte> message, ref int p, out bool isNull)
    {
        if (message.Length - p < 4)
        {
            throw Corrupt("a key or value length is truncated");
        }

        var length = BinaryPrimitives.ReadInt32BigEndian(message[p..]);
        p += 4;
        if (length < -1 || length > message.Length - p)
        {
            throw Corrupt($"a key or value length {length} is invalid");
        }

        isNull = length == -1;
        if (isNull)
        {
            return default;
        }

        var bytes = message.Slice(p, length);
        p += length;
        return bytes;
    }

    private static ProtocolException Corrupt(string detail) => new(KafkaErrorCode.CorruptMessage, $"Corrupt legacy message set: {detail}.");

    private readonly record struct Wrapper(byte Magic, long Offset, long LogAppendTime);

    private struct ConversionState
    {
        public int Budget;
        public int Count;
    }
}
