// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using Granary.Protocol.Messages;
using Granary.Protocol.Primitives;
using Granary.Protocol.Records;

namespace Granary.Benchmarks.Protocol;

/// <summary>
/// Decoding a 1 MiB ProduceRequest of 16 KiB batches must allocate per batch, not per record: the records field is a
/// slice of the frame and the broker reads only batch headers. Two frames of equal size, one holding 1 KiB records
/// and one holding 100-byte records (about ten times as many), must allocate about the same.
/// </summary>
[MemoryDiagnoser]
public class ProduceRequestDecodingBenchmarks
{
    private const short Version = 9;
    private const int FrameBytes = 1024 * 1024;
    private const int BatchBytes = 16 * 1024;

    private byte[] _largeRecords = [];
    private byte[] _smallRecords = [];

    [GlobalSetup]
    public void Setup()
    {
        _largeRecords = BuildRequest(recordSize: 1024);
        _smallRecords = BuildRequest(recordSize: 100);
    }

    [Benchmark(Baseline = true)]
    public long Decode1KiBRecords() => Decode(_largeRecords);

    [Benchmark]
    public long Decode100ByteRecords() => Decode(_smallRecords);

    /// <summary>Decodes the request and walks every batch header, as the broker's Produce handler does.</summary>
    public static long Decode(byte[] frame)
    {
        var reader = new KafkaReader(frame);
        var request = new ProduceRequest();
        request.Read(ref reader, Version);
        long records = 0;
        foreach (var topic in request.TopicData)
        {
            foreach (var partition in topic.PartitionData)
            {
                var remaining = partition.Records!.Value.Span;
                while (!remaining.IsEmpty)
                {
                    if (RecordBatchHeader.TryRead(remaining, out var header, verifyCrc: false) != RecordBatchValidation.Valid)
                    {
                        throw new InvalidOperationException("The benchmark built an invalid batch.");
                    }

                    records += header.RecordCount;
                    remaining = remaining[header.TotalSize..];
                }
            }
        }

        return records;
    }

    /// <summary>A ProduceRequest with one 16 KiB batch per partition, 1 MiB of batches in all.</summary>
    public static byte[] BuildRequest(int recordSize)
    {
        var partitions = new List<ProduceRequest.PartitionProduceData>();
        for (var i = 0; i < FrameBytes / BatchBytes; i++)
        {
            partitions.Add(new ProduceRequest.PartitionProduceData { Index = i, Records = BuildBatch(recordSize) });
        }

        var request = new ProduceRequest
        {
            Acks = -1,
            TimeoutMs = 30_000,
            TopicData = [new ProduceRequest.TopicProduceData { Name = "benchmark", PartitionData = partitions }],
        };
        var writer = new KafkaWriter();
        request.Write(writer, Version);
        return writer.WrittenMemory.ToArray();
    }

    /// <summary>
    /// A v2 batch header with a valid CRC followed by filler standing in for records of <paramref name="recordSize"/>
    /// bytes; decoding never looks inside the records, which is the point.
    /// </summary>
    private static byte[] BuildBatch(int recordSize)
    {
        var batch = new byte[BatchBytes];
        var count = (BatchBytes - RecordBatchHeader.Size) / recordSize;
        batch.AsSpan(RecordBatchHeader.Size).Fill(0x5A);
        BinaryPrimitives.WriteInt64BigEndian(batch.AsSpan(RecordBatchHeader.BaseOffsetOffset), 0);
        BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(RecordBatchHeader.BatchLengthOffset), BatchBytes - RecordBatchHeader.LogOverhead);
        BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(RecordBatchHeader.PartitionLeaderEpochOffset), -1);
        batch[RecordBatchHeader.MagicOffset] = (byte)RecordBatchHeader.CurrentMagic;
        BinaryPrimitives.WriteInt16BigEndian(batch.AsSpan(RecordBatchHeader.AttributesOffset), 0);
        BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(RecordBatchHeader.LastOffsetDeltaOffset), count - 1);
        BinaryPrimitives.WriteInt64BigEndian(batch.AsSpan(RecordBatchHeader.BaseTimestampOffset), 1_700_000_000_000);
        BinaryPrimitives.WriteInt64BigEndian(batch.AsSpan(RecordBatchHeader.MaxTimestampOffset), 1_700_000_000_000);
        BinaryPrimitives.WriteInt64BigEndian(batch.AsSpan(RecordBatchHeader.ProducerIdOffset), -1);
        BinaryPrimitives.WriteInt16BigEndian(batch.AsSpan(RecordBatchHeader.ProducerEpochOffset), -1);
        BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(RecordBatchHeader.BaseSequenceOffset), -1);
        BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(RecordBatchHeader.RecordCountOffset), count);
        BinaryPrimitives.WriteUInt32BigEndian(batch.AsSpan(RecordBatchHeader.CrcOffset), RecordBatchHeader.ComputeCrc(batch));
        return batch;
    }
}
