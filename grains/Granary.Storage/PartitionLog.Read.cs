// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol;
using Granary.Protocol.Primitives;
using Granary.Protocol.Records;
using Granary.Storage.IO;

namespace Granary.Storage;

public sealed partial class PartitionLog
{
    /// <summary>
    /// Reads whole batches starting with the one that contains <paramref name="fetchOffset"/> (so the first batch may
    /// begin before it, as in Kafka), up to <paramref name="maxBytes"/> but always at least one whole batch, and never
    /// a batch that reaches <paramref name="upperBound"/> (the high watermark, or the last stable offset). The result
    /// covers one segment; the next read continues from the offset after its last batch.
    /// </summary>
    /// <exception cref="LogException">OffsetOutOfRange outside [LogStartOffset, LogEndOffset]; KafkaStorageError when offline.</exception>
    public LogReadResult Read(long fetchOffset, int maxBytes, long upperBound)
    {
        ThrowIfOffline();
        var segments = Volatile.Read(ref _segments);
        var logEnd = LogEndOffset;
        var logStart = LogStartOffset;
        if (fetchOffset < logStart || fetchOffset > logEnd)
        {
            throw new LogException(KafkaErrorCode.OffsetOutOfRange, $"Offset {fetchOffset} is outside [{logStart}, {logEnd}] in {TopicPartition}.");
        }

        var limit = Math.Min(upperBound, logEnd);
        if (fetchOffset >= limit)
        {
            return LogReadResult.Empty(fetchOffset);
        }

        try
        {
            for (var i = FindSegment(segments, fetchOffset); i < segments.Length; i++)
            {
                var segment = segments[i];
                EnsureLoaded(segments, i);
                var published = segment.PublishedSize;
                if (published == 0)
                {
                    continue;
                }

                var lease = _handles.Acquire(segment.LogPath);
                try
                {
                    var result = ReadSegment(lease, segment.Index, published, fetchOffset, maxBytes, limit);
                    if (result is not null)
                    {
                        lease = null;
                        return result;
                    }
                }
                finally
                {
                    lease?.Dispose();
                }
            }
        }
        catch (IOException ex)
        {
            throw new LogException(KafkaErrorCode.KafkaStorageError, $"I/O error reading {TopicPartition}: {ex.Message}", ex);
        }

        return LogReadResult.Empty(fetchOffset);
    }

    /// <summary>The earliest offset whose timestamp is &gt;= <paramref name="timestamp"/>, or null if every record is older.</summary>
    public OffsetAndTimestamp? LookupOffsetByTimestamp(long timestamp)
    {
        ThrowIfOffline();
        var segments = Volatile.Read(ref _segments);
        var logStart = LogStartOffset;
        var logEnd = LogEndOffset;
        Span<byte> headerBytes = stackalloc byte[RecordBatchHeader.Size];
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            EnsureLoaded(segments, i);
            if (segment.MaxTimestamp < timestamp || segment.PublishedSize == 0)
            {
                continue;
            }

            var fromOffset = Math.Max(segment.TimeIndex.Lookup(timestamp), logStart);
            using var lease = _handles.Acquire(segment.LogPath);
            var position = (long)segment.Index.Lookup(fromOffset);
            var end = segment.PublishedSize;
            while (position < end)
            {
                lease.File.Read(headerBytes, position);
                var header = RecordBatchHeader.Read(headerBytes);
                if (header.BaseOffset >= logEnd)
                {
                    break;
                }

                if (header.LastOffset >= fromOffset && header.MaxTimestamp >= timestamp)
                {
                    return FindInBatch(lease.File, position, header, timestamp, Math.Max(fromOffset, header.BaseOffset));
                }

                position += header.TotalSize;
            }
        }

        return null;
    }

    /// <summary>The first record of the batch with timestamp &gt;= target; the batch start when its records are compressed.</summary>
    private static OffsetAndTimestamp FindInBatch(IStorageFile file, long position, RecordBatchHeader header, long timestamp, long minimumOffset)
    {
        if (header.Compression != CompressionType.None || header.TimestampType == TimestampType.LogAppendTime || header.TotalSize > 64 * 1024 * 1024)
        {
            return new OffsetAndTimestamp(Math.Max(header.BaseOffset, minimumOffset), header.MaxTimestamp);
        }

        var bytes = new byte[header.TotalSize];
        file.Read(bytes, position);
        var span = bytes.AsSpan(RecordBatchHeader.Size);
        for (var r = 0; r < header.RecordCount && span.Length > 0; r++)
        {
            var read = VarInt.TryReadVarInt(span, out var length);
            if (read <= 0 || length < 0 || read + length > span.Length)
            {
                break;
            }

            var record = span.Slice(read + 1, length - 1);
            var tsRead = VarInt.TryReadVarLong(record, out var timestampDelta);
            if (tsRead <= 0 || VarInt.TryReadVarInt(record[tsRead..], out var offsetDelta) <= 0)
            {
                break;
            }

            var recordOffset = header.BaseOffset + offsetDelta;
            var recordTimestamp = header.BaseTimestamp + timestampDelta;
            if (recordOffset >= minimumOffset && recordTimestamp >= timestamp)
            {
                return new OffsetAndTimestamp(recordOffset, recordTimestamp);
            }

            span = span[(read + length)..];
        }

        return new OffsetAndTimestamp(Math.Max(header.BaseOffset, minimumOffset), header.MaxTimestamp);
    }

    private LogReadResult? ReadSegment(FileLease lease, Segments.OffsetIndex index, long published, long fetchOffset, int maxBytes, long limit)
    {
        Span<byte> headerBytes = stackalloc byte[RecordBatchHeader.Size];
        long position = index.Lookup(fetchOffset);
        long start = -1;
        long firstOffset = -1;
        long length = 0;
        var nextOffset = fetchOffset;
        var jumped = false;
        while (position < published)
        {
            if (lease.File.Read(headerBytes, position) != RecordBatchHeader.Size)
            {
                break;
            }

            var header = RecordBatchHeader.Read(headerBytes);
            if (start < 0)
            {
                if (header.LastOffset < fetchOffset)
                {
                    position += header.TotalSize;
                    continue;
                }

                start = position;
                firstOffset = header.BaseOffset;
            }

            if (header.LastOffset >= limit || (length > 0 && length + header.TotalSize > maxBytes))
            {
                nextOffset = header.BaseOffset;
                break;
            }

            length += header.TotalSize;
            position += header.TotalSize;
            nextOffset = header.NextOffset;
            if (length >= maxBytes)
            {
                break;
            }

            // Skip ahead over whole batches using the index instead of reading every header (the sparse index
            // names batch starts); then continue header by header for the remainder.
            if (!jumped)
            {
                jumped = true;
                var boundary = index.FindBoundary(position, Math.Min(published, start + (long)maxBytes), limit);
                if (boundary > position)
                {
                    length = boundary - start;
                    position = boundary;
                }
            }
        }

        if (start < 0)
        {
            return null;
        }

        if (length == 0)
        {
            lease.Dispose();
            return LogReadResult.Empty(fetchOffset);
        }

        return new LogReadResult(lease, start, checked((int)length), firstOffset, nextOffset);
    }
}
