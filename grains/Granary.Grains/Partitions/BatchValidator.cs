// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol;
using Granary.Protocol.Records;
using Granary.Storage;

namespace Granary.Grains.Partitions;

/// <summary>Checks one produced partition payload the way Kafka's LogValidator does for magic v2.</summary>
public static class BatchValidator
{
    /// <summary>
    /// Validates <paramref name="records"/> (exactly one v2 batch, as Kafka demands of magic 2 produce requests).
    /// Returns <see cref="KafkaErrorCode.None"/> and the header, or the error code and a reason.
    /// </summary>
    public static KafkaErrorCode Validate(
        ReadOnlySpan<byte> records,
        LogConfig config,
        long timestampDifferenceMaxMs,
        long now,
        out RecordBatchHeader header,
        out string? message)
    {
        ArgumentNullException.ThrowIfNull(config);
        message = null;
        header = default;
        if (records.Length == 0)
        {
            message = "The produce request carried no record batch for this partition.";
            return KafkaErrorCode.InvalidRecord;
        }

        if (records.Length > RecordBatchHeader.MagicOffset && (sbyte)records[RecordBatchHeader.MagicOffset] is 0 or 1)
        {
            message = "Message format v0/v1 is not accepted; producers must send record batch v2 (Produce v3+).";
            return KafkaErrorCode.UnsupportedForMessageFormat;
        }

        var validation = RecordBatchHeader.TryRead(records, out header, verifyCrc: false);
        switch (validation)
        {
            case RecordBatchValidation.Valid:
                break;
            case RecordBatchValidation.UnsupportedMagic:
                message = "Unknown record batch magic.";
                return KafkaErrorCode.UnsupportedForMessageFormat;
            default:
                message = $"The record batch is malformed: {validation}.";
                return KafkaErrorCode.CorruptMessage;
        }

        // Size limits first: a too-large batch is MESSAGE_TOO_LARGE even when its CRC is also wrong.
        if (header.TotalSize > config.MaxMessageBytes)
        {
            message = $"The batch is {header.TotalSize} bytes; max.message.bytes is {config.MaxMessageBytes}.";
            return KafkaErrorCode.MessageTooLarge;
        }

        if (header.TotalSize > config.SegmentBytes)
        {
            message = $"The batch is {header.TotalSize} bytes, larger than segment.bytes {config.SegmentBytes}.";
            return KafkaErrorCode.RecordListTooLarge;
        }

        if (header.TotalSize != records.Length)
        {
            message = "A v2 produce request must carry exactly one record batch per partition.";
            return KafkaErrorCode.InvalidRecord;
        }

        if (RecordBatchHeader.ComputeCrc(records) != header.Crc)
        {
            message = "The record batch CRC does not match its contents.";
            return KafkaErrorCode.CorruptMessage;
        }

        if (header.RecordCount == 0)
        {
            message = "The record batch holds no records.";
            return KafkaErrorCode.InvalidRecord;
        }

        if (header.IsControl)
        {
            message = "Producers may not write control batches.";
            return KafkaErrorCode.InvalidRecord;
        }

        if ((int)header.Compression > (int)CompressionType.Zstd)
        {
            message = $"Unknown compression codec {(int)header.Compression}.";
            return KafkaErrorCode.UnsupportedCompressionType;
        }

        if (header.IsTransactional)
        {
            message = "Transactional produce is not supported by this broker yet.";
            return KafkaErrorCode.TransactionalIdAuthorizationFailed;
        }

        if (config.MessageTimestampType == TimestampType.CreateTime && timestampDifferenceMaxMs != long.MaxValue &&
            (Math.Abs(now - header.BaseTimestamp) > timestampDifferenceMaxMs || Math.Abs(now - header.MaxTimestamp) > timestampDifferenceMaxMs))
        {
            message = $"A record timestamp is more than message.timestamp.difference.max.ms={timestampDifferenceMaxMs} away from the broker time {now}.";
            return KafkaErrorCode.InvalidTimestamp;
        }

        return KafkaErrorCode.None;
    }
}
