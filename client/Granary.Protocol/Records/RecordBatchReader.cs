// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers;
using Granary.Protocol.Compression;
using Granary.Protocol.Primitives;

namespace Granary.Protocol.Records;

/// <summary>
/// Reads one whole v2 batch: validates the header (magic, lengths, counts, CRC), decompresses a compressed records
/// section once into a pooled buffer under a caller-supplied bound, and enumerates the records without allocating.
/// Dispose it (a <c>using</c>) to return the decompression buffer.
/// </summary>
public ref struct RecordBatchReader
{
    /// <summary>The default bound on a batch's decompressed records section.</summary>
    public const int DefaultMaxUncompressedBytes = 64 * 1024 * 1024;

    private readonly ReadOnlySpan<byte> _records;
    private byte[]? _rented;

    private RecordBatchReader(RecordBatchHeader header, ReadOnlySpan<byte> records, byte[]? rented)
    {
        Header = header;
        _records = records;
        _rented = rented;
    }

    public RecordBatchHeader Header { get; }

    /// <summary>The records section, decompressed if the batch is compressed.</summary>
    public readonly ReadOnlySpan<byte> RecordsSection => _records;

    /// <summary>
    /// Validates and opens the batch that <paramref name="batch"/> holds exactly (its BatchLength must match).
    /// </summary>
    /// <exception cref="ProtocolException">The bytes are not one whole, intact v2 batch, or decompression failed.</exception>
    public static RecordBatchReader Open(ReadOnlySpan<byte> batch, int maxUncompressedBytes = DefaultMaxUncompressedBytes, bool verifyCrc = true)
    {
        var validation = RecordBatchHeader.TryRead(batch, out var header, verifyCrc);
        if (validation != RecordBatchValidation.Valid)
        {
            throw ToException(validation, batch);
        }

        if (header.TotalSize != batch.Length)
        {
            throw new ProtocolException(KafkaErrorCode.CorruptMessage, $"The batch's BatchLength says {header.TotalSize} bytes but {batch.Length} were given.");
        }

        var section = batch[RecordBatchHeader.Size..];
        var compression = header.Compression;
        if (compression == CompressionType.None)
        {
            return new RecordBatchReader(header, section, null);
        }

        if ((int)compression > (int)CompressionType.Zstd)
        {
            throw new ProtocolException(KafkaErrorCode.CorruptMessage, $"Unknown compression type {(int)compression} in batch attributes.");
        }

        var writer = new PooledBufferWriter(Math.Min(maxUncompressedBytes, Math.Max(4096, section.Length * 4)));
        try
        {
            CompressionCodec.For(compression).Decompress(section, writer, maxUncompressedBytes);
        }
        catch
        {
            writer.Dispose();
            throw;
        }

        var rented = writer.DetachBuffer(out var length);
        return new RecordBatchReader(header, rented.AsSpan(0, length), rented);
    }

    /// <summary>Maps a failed header check to the exception a broker answers with.</summary>
    public static ProtocolException ToException(RecordBatchValidation validation, ReadOnlySpan<byte> bytes) => validation switch
    {
        RecordBatchValidation.Incomplete => new(KafkaErrorCode.CorruptMessage, $"The record batch is truncated: {bytes.Length} bytes are fewer than its header or BatchLength."),
        RecordBatchValidation.UnsupportedMagic when bytes.Length > RecordBatchHeader.MagicOffset && bytes[RecordBatchHeader.MagicOffset] <= 1 =>
            new(KafkaErrorCode.UnsupportedForMessageFormat, $"Message format v{bytes[RecordBatchHeader.MagicOffset]} is not accepted here; convert it with LegacyMessageSet."),
        RecordBatchValidation.UnsupportedMagic => new(KafkaErrorCode.CorruptMessage, "The record batch has an unknown magic byte."),
        RecordBatchValidation.BadLength => new(KafkaErrorCode.CorruptMessage, "The record batch's BatchLength is smaller than an empty batch."),
        RecordBatchValidation.BadCount => new(KafkaErrorCode.InvalidRecord, "The record batch's RecordCount and LastOffsetDelta disagree."),
        RecordBatchValidation.CrcMismatch => new(KafkaErrorCode.CorruptMessage, "The record batch's CRC does not match its contents."),
        _ => new(KafkaErrorCode.CorruptMessage, $"The record batch is invalid ({validation})."),
    };

    public readonly RecordEnumerator GetEnumerator() => new(_records, Header);

    /// <summary>Enumerates the records after <paramref name="resumeAt"/>, a position an enumerator of this same batch reported.</summary>
    public readonly RecordEnumerator GetEnumerator(RecordEnumeratorPosition resumeAt) => new(_records, Header, resumeAt);

    /// <summary>
    /// Walks every record, throwing on the first malformed one. With <paramref name="requireContiguousOffsets"/> (what a
    /// broker demands of a producer's batch) the offset deltas must be 0..n-1 and LastOffsetDelta must be n-1;
    /// without it (batches rewritten by compaction) they need only increase within LastOffsetDelta.
    /// </summary>
    /// <returns>The number of records.</returns>
    public readonly int ValidateRecords(bool requireContiguousOffsets = false)
    {
        var enumerator = GetEnumerator();
        var count = 0;
        while (enumerator.MoveNext())
        {
            if (requireContiguousOffsets && enumerator.Current.OffsetDelta != count)
            {
                throw new ProtocolException(KafkaErrorCode.InvalidRecord, $"Record {count} has offset delta {enumerator.Current.OffsetDelta}; a produced batch must number its records 0..n-1.");
            }

            count++;
        }

        if (requireContiguousOffsets && count > 0 && Header.LastOffsetDelta != count - 1)
        {
            throw new ProtocolException(KafkaErrorCode.InvalidRecord, $"LastOffsetDelta is {Header.LastOffsetDelta} but the batch holds {count} records.");
        }

        return count;
    }

    public void Dispose()
    {
        if (_rented is not null)
        {
            ArrayPool<byte>.Shared.Return(_rented);
            _rented = null;
        }
    }
}
