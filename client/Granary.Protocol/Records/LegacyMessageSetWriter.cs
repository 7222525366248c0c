// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers;
using System.Buffers.Binary;
using Granary.Protocol.Compression;

namespace Granary.Protocol.Records;

/// <summary>
/// Down-converts v2 record batches to a message set of magic v0 or v1, for Fetch v0-v3 (clients from before Kafka
/// 0.11). As Kafka does: control batches (transaction markers) are skipped, record headers are dropped (the old
/// formats have none), and producer ids, epochs and sequences are lost. Compressed batches are sent uncompressed
/// (so every codec, zstd included, reaches old clients, and LZ4's pre-0.10 frame checksum quirk never matters).
/// v1 messages carry each record's timestamp, or the batch's LogAppendTime with the timestamp-type attribute bit.
/// </summary>
public static class LegacyMessageSetWriter
{
    private const int EntryOverhead = 12;
    private const int TimestampTypeBit = 0x08;

    /// <summary>The bytes one record takes in a message set of <paramref name="magic"/> (offset and size included).</summary>
    public static int EntrySize(byte magic, int keyLength, int valueLength) =>
        EntryOverhead + (magic == 0 ? 14 : 22) + Math.Max(0, keyLength) + Math.Max(0, valueLength);

    /// <summary>
    /// Writes the records of <paramref name="batches"/> (concatenated v2 batches, as a log read returns them; a
    /// partial trailing batch is ignored) with offsets at or above <paramref name="fetchOffset"/> to
    /// <paramref name="output"/> as magic <paramref name="magic"/> messages, stopping before the message that would
    /// pass <paramref name="maxBytes"/> - except that the first message is always written whole, so a record larger
    /// than the limit never blocks a consumer.
    /// </summary>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ProtocolException">A batch is corrupt or cannot be decompressed within the bound.</exception>
    public static int ConvertFromV2(
        ReadOnlySpan<byte> batches,
        byte magic,
        long fetchOffset,
        int maxBytes,
        IBufferWriter<byte> output,
        int maxUncompressedBytes = RecordBatchReader.DefaultMaxUncompressedBytes)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(magic, (byte)1);
        var written = 0;
        foreach (var entry in new RecordBatchEnumerator(batches))
        {
            if (entry.IsLegacy)
            {
                // Already an old-format message (not written by this log, but harmless): pass it on if the client reads it.
                if (entry.Magic <= magic && !Fits(entry.Bytes.Length, ref written, maxBytes))
                {
                    return written;
                }

                if (entry.Magic <= magic)
                {
                    output.Write(entry.Bytes);
                }

                continue;
            }

            var header = entry.Header;
            if (header.IsControl || header.LastOffset < fetchOffset)
            {
                continue;
            }

            using var reader = RecordBatchReader.Open(entry.Bytes, maxUncompressedBytes);
            var logAppendTime = header.TimestampType == TimestampType.LogAppendTime;
            foreach (var record in reader)
            {
                if (record.Offset < fetchOffset)
                {
                    continue;
                }

                var keyLength = record.IsKeyNull ? -1 : record.Key.Length;
                var valueLength = record.IsValueNull ? -1 : record.Value.Length;
                var size = EntrySize(magic, keyLength, valueLength);
                if (!Fits(size, ref written, maxBytes))
                {
                    return written;
                }

                var timestamp = logAppendTime ? header.MaxTimestamp : record.Timestamp;
                WriteMessage(output.GetSpan(size)[..size], magic, record.Offset, logAppendTime, timestamp, record.Key, keyLength, record.Value, valueLength);
                output.Advance(size);
            }
        }

        return written;
    }

    private static bool Fits(int size, ref int written, int maxBytes)
    {
        if (written > 0 && (long)written + size > maxBytes)
        {
            return false;
        }

        written += size;
        return true;
    }

    private static void WriteMessage(Span<byte> entry, byte magic, long offset, bool logAppendTime, long timestamp, ReadOnlySpan<byte> key, int keyLength, ReadOnlySpan<byte> value, int valueLength)
    {
        BinaryPrimitives.WriteInt64BigEndian(entry, offset);
        BinaryPrimitives.WriteInt32BigEndian(entry[8..], entry.Length - EntryOverhead);
        var message = entry[EntryOverhead..];
        message[4] = magic;
        message[5] = (byte)(magic == 1 && logAppendTime ? TimestampTypeBit : 0);
        var p = 6;
        if (magic == 1)
        {
            BinaryPrimitives.WriteInt64BigEndian(message[p..], timestamp);
            p += 8;
        }

        p = WriteBytes(message, p, key, keyLength);
        WriteBytes(message, p, value, valueLength);
        BinaryPrimitives.WriteUInt32BigEndian(message, Crc32Ieee.Compute(message[4..]));
    }

    private static int WriteBytes(Span<byte> message, int p, ReadOnlySpan<byte> bytes, int length)
    {
        BinaryPrimitives.WriteInt32BigEndian(message[p..], length);
        p += 4;
        if (length > 0)
        {
            bytes.CopyTo(message[p..]);
            p += length;
        }

        return p;
    }
}
