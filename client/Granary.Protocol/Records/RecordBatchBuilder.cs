// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Granary.Protocol.Compression;
using Granary.Protocol.Primitives;

namespace Granary.Protocol.Records;

/// <summary>
/// Builds one magic v2 record batch. Records are encoded as they are appended into a pooled buffer that starts with
/// room for the batch header; <see cref="Finish"/> compresses the records if asked and writes the header (lengths,
/// deltas, max timestamp, CRC) in front of them, so an uncompressed batch is never copied. <see cref="Build"/> copies
/// the finished batch to the caller's writer. Reusable after <see cref="Reset"/>; Dispose returns the pooled buffers.
/// </summary>
public sealed class RecordBatchBuilder : IDisposable
{
    private readonly PooledBufferWriter _records;
    private PooledBufferWriter? _scratch;
    private int _count;
    private int _lastOffsetDelta = -1;
    private long _maxTimestamp = -1;
    private long _baseTimestamp = -1;
    private bool _hasBaseTimestamp;

    /// <param name="compression">The batch's codec.</param>
    /// <param name="initialCapacity">
    /// The expected size of the encoded records: a producer that knows its batch passes it, so the buffer is not
    /// regrown (and its records copied again) on the way to a megabyte.
    /// </param>
    public RecordBatchBuilder(CompressionType compression = CompressionType.None, int initialCapacity = 16 * 1024)
    {
        Compression = compression;
        _records = new PooledBufferWriter(RecordBatchHeader.Size + Math.Max(initialCapacity, 0));
        ReserveHeader(_records);
    }

    public CompressionType Compression { get; set; }

    /// <summary>Usually 0 from a producer; the broker assigns the real one by patching.</summary>
    public long BaseOffset { get; set; }

    public int PartitionLeaderEpoch { get; set; } = -1;

    public long ProducerId { get; set; } = -1;

    public short ProducerEpoch { get; set; } = -1;

    public int BaseSequence { get; set; } = -1;

    public bool IsTransactional { get; set; }

    public bool IsControl { get; set; }

    public TimestampType TimestampType { get; set; }

    /// <summary>
    /// The timestamp deltas are relative to this; it defaults to the first record's timestamp. Set it before the
    /// first append to choose another base.
    /// </summary>
    public long BaseTimestamp
    {
        get => _baseTimestamp;
        set
        {
            if (_count > 0)
            {
                throw new InvalidOperationException("The base timestamp must be set before the first record.");
            }

            _baseTimestamp = value;
            _hasBaseTimestamp = true;
        }
    }

    /// <summary>
    /// Raises the batch's LastOffsetDelta above the last record's, as compaction does to keep a batch's offset range
    /// (and so its producer's sequence range) after removing its tail records.
    /// </summary>
    public int MinimumLastOffsetDelta { get; set; } = -1;

    /// <summary>The number of records appended.</summary>
    public int Count => _count;

    /// <summary>The size of the records section so far, uncompressed.</summary>
    public int UncompressedRecordsSize => _records.WrittenCount - RecordBatchHeader.Size;

    /// <summary>The offset delta the next <c>Append</c> without one will use.</summary>
    public int NextOffsetDelta => _lastOffsetDelta + 1;

    public long MaxTimestamp => _maxTimestamp;

    /// <summary>Appends a record with the next offset delta; a null array is a null key or value.</summary>
    public void Append(long timestamp, byte[]? key, byte[]? value, params ReadOnlySpan<RecordHeader> headers) =>
        Append(NextOffsetDelta, timestamp, key, key is null, value, value is null, headers);

    /// <summary>Appends a record with a non-null key and value and the next offset delta.</summary>
    public void Append(long timestamp, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, ReadOnlySpan<RecordHeader> headers = default) =>
        Append(NextOffsetDelta, timestamp, key, false, value, false, headers);

    /// <summary>Appends a record copied from a batch being read (compaction, conversion), keeping its offset.</summary>
    public void Append(scoped in Record record)
    {
        var delta = record.Offset - BaseOffset;
        if (delta < 0 || delta > int.MaxValue)
        {
            throw new ArgumentException($"Offset {record.Offset} is not in range of base offset {BaseOffset}.", nameof(record));
        }

        AppendCore((int)delta, record.Timestamp, record.Key, record.IsKeyNull, record.Value, record.IsValueNull, record.HeaderCount, record.RawHeaders, default);
    }

    /// <summary>The general form: explicit offset delta (strictly increasing) and explicit nulls.</summary>
    public void Append(int offsetDelta, long timestamp, ReadOnlySpan<byte> key, bool keyIsNull, ReadOnlySpan<byte> value, bool valueIsNull, ReadOnlySpan<RecordHeader> headers)
    {
        AppendCore(offsetDelta, timestamp, key, keyIsNull, value, valueIsNull, headers.Length, default, headers);
    }

    /// <summary>Appends a transaction marker and flags the batch as a transactional control batch.</summary>
    public void AppendEndTransactionMarker(long timestamp, EndTransactionMarker marker)
    {
        IsControl = true;
        IsTransactional = true;
        Span<byte> key = stackalloc byte[EndTransactionMarker.KeySize];
        Span<byte> value = stackalloc byte[EndTransactionMarker.ValueSize];
        marker.WriteKey(key);
        marker.WriteValue(value);
        Append(NextOffsetDelta, timestamp, key, false, value, false, default);
    }

    /// <summary>Forgets the records and the per-batch state, keeping the buffers and the producer settings.</summary>
    public void Reset()
    {
        _records.Clear();
        ReserveHeader(_records);
        _count = 0;
        _lastOffsetDelta = -1;
        _maxTimestamp = -1;
        _baseTimestamp = -1;
        _hasBaseTimestamp = false;
        MinimumLastOffsetDelta = -1;
    }

    /// <summary>
    /// Finishes the batch in the builder's own buffer and returns it: header and records, compressed if asked. The
    /// bytes stay valid until the next append, <see cref="Reset"/> or Dispose; finishing again after more appends
    /// rewrites the header.
    /// </summary>
    public ReadOnlyMemory<byte> Finish()
    {
        var batch = _records;
        if (Compression != CompressionType.None)
        {
            var section = _records.WrittenSpan[RecordBatchHeader.Size..];
            batch = _scratch ??= new PooledBufferWriter(RecordBatchHeader.Size + Math.Max(4096, section.Length / 2));
            batch.Clear();
            ReserveHeader(batch);
            CompressionCodec.For(Compression).Compress(section, batch);
        }

        var span = batch.WrittenSpanMutable;
        WriteHeader(span, span.Length - RecordBatchHeader.Size);
        BinaryPrimitives.WriteUInt32BigEndian(span[RecordBatchHeader.CrcOffset..], RecordBatchHeader.ComputeCrc(span));
        return batch.WrittenMemory;
    }

    /// <summary>Finishes the batch and copies it to <paramref name="destination"/>.</summary>
    /// <returns>The batch's size in bytes.</returns>
    public int Build(IBufferWriter<byte> destination)
    {
        var batch = Finish().Span;
        batch.CopyTo(destination.GetSpan(batch.Length));
        destination.Advance(batch.Length);
        return batch.Length;
    }

    /// <summary>Builds the batch into a new array.</summary>
    public byte[] ToArray() => Finish().ToArray();

    public void Dispose()
    {
        _records.Dispose();
        _scratch?.Dispose();
    }

    private static void ReserveHeader(PooledBufferWriter buffer)
    {
        buffer.GetSpan(RecordBatchHeader.Size);
        buffer.Advance(RecordBatchHeader.Size);
    }

    private void WriteHeader(Span<byte> span, int sectionLength)
    {
        var attributes = (short)Compression;
        if (TimestampType == TimestampType.LogAppendTime)
        {
            attributes |= (short)RecordBatchAttributes.LogAppendTime;
        }

        if (IsTransactional)
        {
            attributes |= (short)RecordBatchAttributes.Transactional;
        }

        if (IsControl)
        {
            attributes |= (short)RecordBatchAttributes.Control;
        }

        var lastOffsetDelta = Math.Max(Math.Max(_lastOffsetDelta, MinimumLastOffsetDelta), 0);
        BinaryPrimitives.WriteInt64BigEndian(span, BaseOffset);
        BinaryPrimitives.WriteInt32BigEndian(span[RecordBatchHeader.BatchLengthOffset..], RecordBatchHeader.Size - RecordBatchHeader.LogOverhead + sectionLength);
        BinaryPrimitives.WriteInt32BigEndian(span[RecordBatchHeader.PartitionLeaderEpochOffset..], PartitionLeaderEpoch);
        span[RecordBatchHeader.MagicOffset] = (byte)RecordBatchHeader.CurrentMagic;
        BinaryPrimitives.WriteInt16BigEndian(span[RecordBatchHeader.AttributesOffset..], attributes);
        BinaryPrimitives.WriteInt32BigEndian(span[RecordBatchHeader.LastOffsetDeltaOffset..], lastOffsetDelta);
        BinaryPrimitives.WriteInt64BigEndian(span[RecordBatchHeader.BaseTimestampOffset..], _baseTimestamp);
        BinaryPrimitives.WriteInt64BigEndian(span[RecordBatchHeader.MaxTimestampOffset..], _maxTimestamp);
        BinaryPrimitives.WriteInt64BigEndian(span[RecordBatchHeader.ProducerIdOffset..], ProducerId);
        BinaryPrimitives.WriteInt16BigEndian(span[RecordBatchHeader.ProducerEpochOffset..], ProducerEpoch);
        BinaryPrimitives.WriteInt32BigEndian(span[RecordBatchHeader.BaseSequenceOffset..], BaseSequence);
        BinaryPrimitives.WriteInt32BigEndian(span[RecordBatchHeader.RecordCountOffset..], _count);
    }

    private void AppendCore(int offsetDelta, long timestamp, ReadOnlySpan<byte> key, bool keyIsNull, ReadOnlySpan<byte> value, bool valueIsNull,
        int headerCount, ReadOnlySpan<byte> rawHeaders, ReadOnlySpan<RecordHeader> headers)
    {
        if (offsetDelta <= _lastOffsetDelta)
        {
            throw new ArgumentOutOfRangeException(nameof(offsetDelta), offsetDelta, $"Offset deltas must increase; the last was {_lastOffsetDelta}.");
        }

        if (!_hasBaseTimestamp && _count == 0)
        {
            _baseTimestamp = timestamp;
        }

        var timestampDelta = timestamp - _baseTimestamp;
        var keyLength = keyIsNull ? -1 : key.Length;
        var valueLength = valueIsNull ? -1 : value.Length;

        var headersSize = rawHeaders.Length;
        if (headersSize == 0)
        {
            foreach (var header in headers)
            {
                var keyBytes = Encoding.UTF8.GetByteCount(header.Key);
                var headerValueLength = header.Value is null ? -1 : header.Value.Length;
                headersSize += VarInt.SizeOfVarInt(keyBytes) + keyBytes + VarInt.SizeOfVarInt(headerValueLength) + Math.Max(headerValueLength, 0);
            }
        }

        var bodySize = 1 + VarInt.SizeOfVarLong(timestampDelta) + VarInt.SizeOfVarInt(offsetDelta)
            + VarInt.SizeOfVarInt(keyLength) + key.Length * (keyIsNull ? 0 : 1)
            + VarInt.SizeOfVarInt(valueLength) + value.Length * (valueIsNull ? 0 : 1)
            + VarInt.SizeOfVarInt(headerCount) + headersSize;
        var total = VarInt.SizeOfVarInt(bodySize) + bodySize;

        var span = _records.GetSpan(total);
        var p = VarInt.WriteVarInt(span, bodySize);
        span[p++] = 0;
        p += VarInt.WriteVarLong(span[p..], timestampDelta);
        p += VarInt.WriteVarInt(span[p..], offsetDelta);
        p += VarInt.WriteVarInt(span[p..], keyLength);
        if (!keyIsNull)
        {
            key.CopyTo(span[p..]);
            p += key.Length;
        }

        p += VarInt.WriteVarInt(span[p..], valueLength);
        if (!valueIsNull)
        {
            value.CopyTo(span[p..]);
            p += value.Length;
        }

        p += VarInt.WriteVarInt(span[p..], headerCount);
        if (rawHeaders.Length > 0)
        {
            rawHeaders.CopyTo(span[p..]);
            p += rawHeaders.Length;
        }
        else
        {
            foreach (var header in headers)
            {
                var keyBytes = Encoding.UTF8.GetByteCount(header.Key);
                p += VarInt.WriteVarInt(span[p..], keyBytes);
                p += Encoding.UTF8.GetBytes(header.Key, span[p..]);
                if (header.Value is null)
                {
                    p += VarInt.WriteVarInt(span[p..], -1);
                }
                else
                {
                    p += VarInt.WriteVarInt(span[p..], header.Value.Length);
                    header.Value.CopyTo(span[p..]);
                    p += header.Value.Length;
                }
            }
        }

        _records.Advance(total);
        _count++;
        _lastOffsetDelta = offsetDelta;
        _maxTimestamp = _count == 1 ? timestamp : Math.Max(_maxTimestamp, timestamp);
    }
}
