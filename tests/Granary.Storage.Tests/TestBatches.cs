// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers.Binary;
using Granary.Protocol.Primitives;
using Granary.Protocol.Records;
using Xunit;

namespace Granary.Storage.Tests;

/// <summary>Builds uncompressed v2 record batches by hand (header constants + CRC) for storage tests.</summary>
public static class TestBatches
{
    public static byte[] Build(int recordCount, long timestamp, int valueSize = 16, string? keyPrefix = null, int seed = 0)
    {
        var records = new List<(byte[]? Key, byte[]? Value, long Timestamp)>();
        for (var i = 0; i < recordCount; i++)
        {
            var value = new byte[valueSize];
            new Random(seed * 7919 + i).NextBytes(value);
            records.Add((keyPrefix is null ? null : System.Text.Encoding.UTF8.GetBytes(keyPrefix + i), value, timestamp + i));
        }

        return Build(records);
    }

    public static byte[] Build(IReadOnlyList<(byte[]? Key, byte[]? Value, long Timestamp)> records, RecordBatchAttributes attributes = RecordBatchAttributes.None, long producerId = -1)
    {
        var body = new List<byte>();
        var baseTimestamp = records.Count == 0 ? 0 : records[0].Timestamp;
        var maxTimestamp = records.Count == 0 ? 0 : records.Max(r => r.Timestamp);
        Span<byte> scratch = stackalloc byte[10];
        for (var i = 0; i < records.Count; i++)
        {
            var record = new List<byte> { 0 };
            Add(record, scratch[..VarInt.WriteVarLong(scratch, records[i].Timestamp - baseTimestamp)]);
            Add(record, scratch[..VarInt.WriteVarInt(scratch, i)]);
            AddBytes(record, records[i].Key, scratch);
            AddBytes(record, records[i].Value, scratch);
            Add(record, scratch[..VarInt.WriteVarInt(scratch, 0)]);
            Add(body, scratch[..VarInt.WriteVarInt(scratch, record.Count)]);
            body.AddRange(record);
        }

        var batch = new byte[RecordBatchHeader.Size + body.Count];
        var span = batch.AsSpan();
        BinaryPrimitives.WriteInt64BigEndian(span, 0);
        BinaryPrimitives.WriteInt32BigEndian(span[RecordBatchHeader.BatchLengthOffset..], batch.Length - RecordBatchHeader.LogOverhead);
        BinaryPrimitives.WriteInt32BigEndian(span[RecordBatchHeader.PartitionLeaderEpochOffset..], -1);
        span[RecordBatchHeader.MagicOffset] = (byte)RecordBatchHeader.CurrentMagic;
        BinaryPrimitives.WriteInt16BigEndian(span[RecordBatchHeader.AttributesOffset..], (short)attributes);
        BinaryPrimitives.WriteInt32BigEndian(span[RecordBatchHeader.LastOffsetDeltaOffset..], Math.Max(records.Count - 1, 0));
        BinaryPrimitives.WriteInt64BigEndian(span[RecordBatchHeader.BaseTimestampOffset..], baseTimestamp);
        BinaryPrimitives.WriteInt64BigEndian(span[RecordBatchHeader.MaxTimestampOffset..], maxTimestamp);
        BinaryPrimitives.WriteInt64BigEndian(span[RecordBatchHeader.ProducerIdOffset..], producerId);
        BinaryPrimitives.WriteInt16BigEndian(span[RecordBatchHeader.ProducerEpochOffset..], -1);
        BinaryPrimitives.WriteInt32BigEndian(span[RecordBatchHeader.BaseSequenceOffset..], -1);
        BinaryPrimitives.WriteInt32BigEndian(span[RecordBatchHeader.RecordCountOffset..], records.Count);
        body.CopyTo(batch, RecordBatchHeader.Size);
        BinaryPrimitives.WriteUInt32BigEndian(span[RecordBatchHeader.CrcOffset..], RecordBatchHeader.ComputeCrc(batch));
        return batch;
    }

    /// <summary>Splits bytes read from the log into (header, bytes) per batch.</summary>
    public static List<(RecordBatchHeader Header, byte[] Bytes)> Split(ReadOnlySpan<byte> bytes)
    {
        var result = new List<(RecordBatchHeader, byte[])>();
        while (bytes.Length > 0)
        {
            Assert.Equal(RecordBatchValidation.Valid, RecordBatchHeader.TryRead(bytes, out var header));
            result.Add((header, bytes[..header.TotalSize].ToArray()));
            bytes = bytes[header.TotalSize..];
        }

        return result;
    }

    private static void Add(List<byte> list, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            list.Add(b);
        }
    }

    private static void AddBytes(List<byte> list, byte[]? bytes, Span<byte> scratch)
    {
        if (bytes is null)
        {
            Add(list, scratch[..VarInt.WriteVarInt(scratch, -1)]);
            return;
        }

        Add(list, scratch[..VarInt.WriteVarInt(scratch, bytes.Length)]);
        list.AddRange(bytes);
    }
}
