// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers;
using Granary.Protocol.Primitives;
using Granary.Protocol.Records;
using Granary.Storage.IO;

namespace Granary.Storage.Cleaning;

/// <summary>
/// The log cleaner's two passes over a range of sealed segments: build a map of each key's latest offset, then
/// copy every segment into a .cleaned file keeping only the latest record per key. Offsets never change: kept
/// records keep their offset delta, and a batch keeps its offset range (LastOffsetDelta), so batches may become
/// sparse. Control batches (transaction markers) are always kept. Batches are decoded and re-encoded with their
/// own codec; a batch that loses nothing is copied byte for byte.
/// </summary>
internal static class SegmentCleaner
{
    /// <summary>Calls <paramref name="onBatch"/> with every whole batch of a segment, read sequentially.</summary>
    public static void ForEachBatch(IStorageFile file, long size, SpanAction onBatch)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            long position = 0;
            Span<byte> headerBytes = stackalloc byte[RecordBatchHeader.Size];
            while (position + RecordBatchHeader.Size <= size)
            {
                file.Read(headerBytes, position);
                var header = RecordBatchHeader.Read(headerBytes);
                var total = header.TotalSize;
                if (total > buffer.Length)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = ArrayPool<byte>.Shared.Rent(total);
                }

                if (file.Read(buffer.AsSpan(0, total), position) != total)
                {
                    throw new IOException($"Short read of a batch at position {position} while cleaning.");
                }

                onBatch(buffer.AsSpan(0, total), header);
                position += total;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Adds every keyed record of the segment to the key -> latest offset map.</summary>
    public static void MapKeys(IStorageFile file, long size, Dictionary<byte[], long> map) =>
        ForEachBatch(file, size, (batch, header) =>
        {
            if (header.IsControl)
            {
                return;
            }

            using var reader = RecordBatchReader.Open(batch, verifyCrc: false);
            foreach (var record in reader)
            {
                if (!record.IsKeyNull)
                {
                    map.GetAlternateLookup<ReadOnlySpan<byte>>()[record.Key] = record.Offset;
                }
            }
        });

    /// <summary>
    /// Writes the cleaned copy of a segment to <paramref name="output"/> and returns (bytes written, records removed).
    /// Tombstones older than <paramref name="tombstoneHorizon"/> are removed; younger ones are kept.
    /// </summary>
    public static (long Bytes, long Removed) Clean(IStorageFile input, long size, IStorageFile output, Dictionary<byte[], long> map, long tombstoneHorizon)
    {
        long written = 0;
        long removed = 0;
        using var builder = new RecordBatchBuilder();
        using var encoded = new PooledBufferWriter(64 * 1024);
        ForEachBatch(input, size, (batch, header) =>
        {
            if (header.IsControl)
            {
                output.Write(batch, written);
                written += batch.Length;
                return;
            }

            var keep = 0;
            var count = 0;
            using (var reader = RecordBatchReader.Open(batch, verifyCrc: false))
            {
                foreach (var record in reader)
                {
                    count++;
                    if (Retains(record, map, tombstoneHorizon))
                    {
                        keep++;
                    }
                }
            }

            removed += count - keep;
            if (keep == count)
            {
                output.Write(batch, written);
                written += batch.Length;
                return;
            }

            if (keep == 0)
            {
                return;
            }

            builder.Reset();
            builder.Compression = header.Compression;
            builder.BaseOffset = header.BaseOffset;
            builder.PartitionLeaderEpoch = header.PartitionLeaderEpoch;
            builder.ProducerId = header.ProducerId;
            builder.ProducerEpoch = header.ProducerEpoch;
            builder.BaseSequence = header.BaseSequence;
            builder.IsTransactional = header.IsTransactional;
            builder.IsControl = false;
            builder.TimestampType = header.TimestampType;
            builder.BaseTimestamp = header.BaseTimestamp;
            builder.MinimumLastOffsetDelta = header.LastOffsetDelta;
            using (var reader = RecordBatchReader.Open(batch, verifyCrc: false))
            {
                foreach (var record in reader)
                {
                    if (Retains(record, map, tombstoneHorizon))
                    {
                        builder.Append(record);
                    }
                }
            }

            encoded.Clear();
            builder.Build(encoded);
            output.Write(encoded.WrittenSpan, written);
            written += encoded.WrittenCount;
        });

        return (written, removed);
    }

    private static bool Retains(in Record record, Dictionary<byte[], long> map, long tombstoneHorizon)
    {
        if (record.IsKeyNull)
        {
            return true;
        }

        if (map.GetAlternateLookup<ReadOnlySpan<byte>>().TryGetValue(record.Key, out var latest) && record.Offset < latest)
        {
            return false;
        }

        return !(record.IsValueNull && record.Timestamp < tombstoneHorizon);
    }

    public delegate void SpanAction(ReadOnlySpan<byte> batch, RecordBatchHeader header);
}
