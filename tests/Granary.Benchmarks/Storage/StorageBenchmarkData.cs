// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers.Binary;
using Granary.Protocol.Primitives;
using Granary.Protocol.Records;

namespace Granary.Benchmarks.Storage;

/// <summary>Uncompressed v2 batches of 1 KB records, built once per benchmark.</summary>
internal static class StorageBenchmarkData
{
    public const int RecordSize = 1024;

    /// <summary>
    /// A fresh directory under GRANARY_BENCH_DIR, else the temp directory. Pointing it at a tmpfs (/dev/shm) takes
    /// the disk and its writeback throttling out of the comparison and leaves the software cost of each side.
    /// </summary>
    public static string NewDirectory(string name)
    {
        var root = Environment.GetEnvironmentVariable("GRANARY_BENCH_DIR") is { Length: > 0 } configured ? configured : Path.GetTempPath();
        var path = Path.Combine(root, "granary-bench-" + name + "-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    public static byte[] BuildBatch(int batchBytes)
    {
        var records = Math.Max(1, (batchBytes - RecordBatchHeader.Size) / (RecordSize + 16));
        var body = new List<byte>(batchBytes);
        Span<byte> scratch = stackalloc byte[10];
        var value = new byte[RecordSize];
        new Random(1).NextBytes(value);
        for (var i = 0; i < records; i++)
        {
            var record = new List<byte>(RecordSize + 8) { 0, 0 };
            record.AddRange(scratch[..VarInt.WriteVarInt(scratch, i)].ToArray());
            record.AddRange(scratch[..VarInt.WriteVarInt(scratch, -1)].ToArray());
            record.AddRange(scratch[..VarInt.WriteVarInt(scratch, value.Length)].ToArray());
            record.AddRange(value);
            record.Add(0);
            body.AddRange(scratch[..VarInt.WriteVarInt(scratch, record.Count)].ToArray());
            body.AddRange(record);
        }

        var batch = new byte[RecordBatchHeader.Size + body.Count];
        var span = batch.AsSpan();
        BinaryPrimitives.WriteInt32BigEndian(span[RecordBatchHeader.BatchLengthOffset..], batch.Length - RecordBatchHeader.LogOverhead);
        span[RecordBatchHeader.MagicOffset] = 2;
        BinaryPrimitives.WriteInt32BigEndian(span[RecordBatchHeader.LastOffsetDeltaOffset..], records - 1);
        BinaryPrimitives.WriteInt64BigEndian(span[RecordBatchHeader.ProducerIdOffset..], -1);
        BinaryPrimitives.WriteInt16BigEndian(span[RecordBatchHeader.ProducerEpochOffset..], -1);
        BinaryPrimitives.WriteInt32BigEndian(span[RecordBatchHeader.BaseSequenceOffset..], -1);
        BinaryPrimitives.WriteInt32BigEndian(span[RecordBatchHeader.RecordCountOffset..], records);
        body.CopyTo(batch, RecordBatchHeader.Size);
        BinaryPrimitives.WriteUInt32BigEndian(span[RecordBatchHeader.CrcOffset..], RecordBatchHeader.ComputeCrc(batch));
        return batch;
    }
}
