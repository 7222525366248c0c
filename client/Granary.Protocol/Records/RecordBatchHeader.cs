// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Granary.Protocol.Records;

/// <summary>
/// The fixed 61-byte header of a magic v2 record batch, as laid out on the wire and on disk.
/// </summary>
/// <remarks>
/// The CRC-32C covers the bytes from <see cref="AttributesOffset"/> to the end of the batch. BaseOffset,
/// BatchLength and PartitionLeaderEpoch sit before that region, which is what lets a broker assign offsets and
/// stamp the leader epoch by patching bytes in place instead of re-encoding (and re-compressing) the batch.
/// </remarks>
[StructLayout(LayoutKind.Auto)]
public readonly record struct RecordBatchHeader(
    long BaseOffset,
    int BatchLength,
    int PartitionLeaderEpoch,
    sbyte Magic,
    uint Crc,
    RecordBatchAttributes Attributes,
    int LastOffsetDelta,
    long BaseTimestamp,
    long MaxTimestamp,
    long ProducerId,
    short ProducerEpoch,
    int BaseSequence,
    int RecordCount)
{
    /// <summary>The size of the v2 header in bytes.</summary>
    public const int Size = 61;

    /// <summary>Bytes before the BatchLength field's region: baseOffset (8) + batchLength (4).</summary>
    public const int LogOverhead = 12;

    public const int BaseOffsetOffset = 0;
    public const int BatchLengthOffset = 8;
    public const int PartitionLeaderEpochOffset = 12;
    public const int MagicOffset = 16;
    public const int CrcOffset = 17;
    public const int AttributesOffset = 21;
    public const int LastOffsetDeltaOffset = 23;
    public const int BaseTimestampOffset = 27;
    public const int MaxTimestampOffset = 35;
    public const int ProducerIdOffset = 43;
    public const int ProducerEpochOffset = 51;
    public const int BaseSequenceOffset = 53;
    public const int RecordCountOffset = 57;

    /// <summary>The only batch format this broker stores.</summary>
    public const sbyte CurrentMagic = 2;

    /// <summary>The smallest legal BatchLength: the header minus the LogOverhead, with no records.</summary>
    public const int MinBatchLength = Size - LogOverhead;

    /// <summary>The number of bytes the whole batch occupies: BatchLength plus the LogOverhead.</summary>
    public int TotalSize => BatchLength + LogOverhead;

    /// <summary>The offset of the last record in the batch.</summary>
    public long LastOffset => BaseOffset + LastOffsetDelta;

    /// <summary>The offset after the batch, where the next batch starts.</summary>
    public long NextOffset => LastOffset + 1;

    /// <summary>The sequence number of the last record, wrapping at int.MaxValue as Kafka's producers do.</summary>
    public int LastSequence => BaseSequence < 0 ? BaseSequence : (int)(((long)BaseSequence + LastOffsetDelta) % ((long)int.MaxValue + 1));

    public bool IsTransactional => (Attributes & RecordBatchAttributes.Transactional) != 0;

    public bool IsControl => (Attributes & RecordBatchAttributes.Control) != 0;

    public CompressionType Compression => (CompressionType)((short)Attributes & 0x7);

    public TimestampType TimestampType => (Attributes & RecordBatchAttributes.LogAppendTime) != 0 ? TimestampType.LogAppendTime : TimestampType.CreateTime;

    /// <summary>
    /// Reads the header fields without validating them. Use <see cref="TryRead"/> for untrusted bytes.
    /// </summary>
    public static RecordBatchHeader Read(ReadOnlySpan<byte> batch)
    {
        if (batch.Length < Size)
        {
            throw new ProtocolException(KafkaErrorCode.CorruptMessage, $"A record batch header needs {Size} bytes; {batch.Length} remain.");
        }

        return new RecordBatchHeader(
            BinaryPrimitives.ReadInt64BigEndian(batch),
            BinaryPrimitives.ReadInt32BigEndian(batch[BatchLengthOffset..]),
            BinaryPrimitives.ReadInt32BigEndian(batch[PartitionLeaderEpochOffset..]),
            (sbyte)batch[MagicOffset],
            BinaryPrimitives.ReadUInt32BigEndian(batch[CrcOffset..]),
            (RecordBatchAttributes)BinaryPrimitives.ReadInt16BigEndian(batch[AttributesOffset..]),
            BinaryPrimitives.ReadInt32BigEndian(batch[LastOffsetDeltaOffset..]),
            BinaryPrimitives.ReadInt64BigEndian(batch[BaseTimestampOffset..]),
            BinaryPrimitives.ReadInt64BigEndian(batch[MaxTimestampOffset..]),
            BinaryPrimitives.ReadInt64BigEndian(batch[ProducerIdOffset..]),
            BinaryPrimitives.ReadInt16BigEndian(batch[ProducerEpochOffset..]),
            BinaryPrimitives.ReadInt32BigEndian(batch[BaseSequenceOffset..]),
            BinaryPrimitives.ReadInt32BigEndian(batch[RecordCountOffset..]));
    }

    /// <summary>
    /// Reads and validates the header of the batch at the start of <paramref name="bytes"/>: magic, length bounds,
    /// that the whole batch is present, the record count against lastOffsetDelta, and the CRC.
    /// </summary>
    /// <returns><see cref="RecordBatchValidation.Valid"/> or the reason the bytes are not a whole, intact batch.</returns>
    public static RecordBatchValidation TryRead(ReadOnlySpan<byte> bytes, out RecordBatchHeader header, bool verifyCrc = true)
    {
        header = default;
        if (bytes.Length < LogOverhead + 5)
        {
            return RecordBatchValidation.Incomplete;
        }

        var batchLength = BinaryPrimitives.ReadInt32BigEndian(bytes[BatchLengthOffset..]);
        var magic = (sbyte)bytes[MagicOffset];
        if (magic != CurrentMagic)
        {
            return RecordBatchValidation.UnsupportedMagic;
        }

        if (batchLength < MinBatchLength)
        {
            return RecordBatchValidation.BadLength;
        }

        if (bytes.Length < Size || (long)batchLength + LogOverhead > bytes.Length)
        {
            return RecordBatchValidation.Incomplete;
        }

        header = Read(bytes);
        if (header.RecordCount < 0 || header.LastOffsetDelta < 0 ||
            (header.RecordCount > 0 && header.RecordCount - 1 > header.LastOffsetDelta && !header.IsControl))
        {
            return RecordBatchValidation.BadCount;
        }

        if (verifyCrc && ComputeCrc(bytes[..header.TotalSize]) != header.Crc)
        {
            return RecordBatchValidation.CrcMismatch;
        }

        return RecordBatchValidation.Valid;
    }

    /// <summary>Computes the CRC-32C of a whole batch over the region Kafka protects: attributes to the end.</summary>
    public static uint ComputeCrc(ReadOnlySpan<byte> wholeBatch) => Crc32C.Compute(wholeBatch[AttributesOffset..]);

    /// <summary>Assigns the batch's offsets in place; the CRC stays valid because BaseOffset is outside it.</summary>
    public static void PatchBaseOffset(Span<byte> batch, long baseOffset) =>
        BinaryPrimitives.WriteInt64BigEndian(batch, baseOffset);

    /// <summary>Stamps the leader epoch in place; outside the CRC region, like BaseOffset.</summary>
    public static void PatchPartitionLeaderEpoch(Span<byte> batch, int leaderEpoch) =>
        BinaryPrimitives.WriteInt32BigEndian(batch[PartitionLeaderEpochOffset..], leaderEpoch);

    /// <summary>
    /// Sets LogAppendTime: the timestamp-type bit and MaxTimestamp both sit inside the CRC region, so the CRC is
    /// recomputed. The records themselves are untouched, as in Kafka.
    /// </summary>
    public static void PatchLogAppendTime(Span<byte> batch, long logAppendTime)
    {
        var attributes = (short)(BinaryPrimitives.ReadInt16BigEndian(batch[AttributesOffset..]) | (short)RecordBatchAttributes.LogAppendTime);
        BinaryPrimitives.WriteInt16BigEndian(batch[AttributesOffset..], attributes);
        BinaryPrimitives.WriteInt64BigEndian(batch[MaxTimestampOffset..], logAppendTime);
        var total = BinaryPrimitives.ReadInt32BigEndian(batch[BatchLengthOffset..]) + LogOverhead;
        BinaryPrimitives.WriteUInt32BigEndian(batch[CrcOffset..], ComputeCrc(batch[..total]));
    }
}
