// Copyright (c) Granary contributors. Licensed under the MIT License.

// The child process of the storage crash tests: appends batches to one partition log under a flush policy and
// prints "D <baseOffset> <lastOffset> <crc32c>" for each batch once it is durable. The test kills it with SIGKILL
// at a random moment, reopens the log and checks that every batch reported durable is there, byte for byte.
using System.Buffers.Binary;
using System.Globalization;
using Granary.Protocol;
using Granary.Protocol.Records;
using Granary.Storage;

var dataDirectory = args[0];
var seed = int.Parse(args[1], CultureInfo.InvariantCulture);
var flushMessages = long.Parse(args[2], CultureInfo.InvariantCulture);
var segmentBytes = int.Parse(args[3], CultureInfo.InvariantCulture);
var random = new Random(seed);
var config = new LogConfig { FlushMessages = flushMessages, SegmentBytes = segmentBytes, IndexIntervalBytes = 1024 };
var log = await PartitionLog.OpenAsync(dataDirectory, new TopicPartition("crash", 0), config);
var output = Console.Out;
await output.WriteLineAsync("READY " + log.LogEndOffset.ToString(CultureInfo.InvariantCulture));
await output.FlushAsync();
var writeLock = new Lock();

while (true)
{
    // Several appends in flight at once, so the writer forms groups.
    var inFlight = new List<Task>();
    for (var i = 0; i < 1 + random.Next(8); i++)
    {
        var batch = BuildBatch(random.Next(1, 20), random.Next(1, 400), random);
        inFlight.Add(AppendAndReportAsync(batch));
    }

    await Task.WhenAll(inFlight);
}

async Task AppendAndReportAsync(byte[] batch)
{
    var result = await log.AppendAsync(batch, leaderEpoch: 1);
    await log.WaitForDurableAsync(result.NextOffset);
    var line = string.Create(CultureInfo.InvariantCulture, $"D {result.FirstOffset} {result.LastOffset} {Crc32C.Compute(batch):x8}");
    lock (writeLock)
    {
        output.WriteLine(line);
        output.Flush();
    }
}

static byte[] BuildBatch(int records, int valueSize, Random random)
{
    // Records: length, attributes, timestampDelta=0, offsetDelta, key=-1, value, headers=0 (all varints).
    var recordBytes = new List<byte>();
    for (var i = 0; i < records; i++)
    {
        var body = new List<byte> { 0, 0 };
        AddVarInt(body, i);
        AddVarInt(body, -1);
        AddVarInt(body, valueSize);
        var value = new byte[valueSize];
        random.NextBytes(value);
        body.AddRange(value);
        AddVarInt(body, 0);
        AddVarInt(recordBytes, body.Count);
        recordBytes.AddRange(body);
    }

    var batch = new byte[RecordBatchHeader.Size + recordBytes.Count];
    var span = batch.AsSpan();
    BinaryPrimitives.WriteInt32BigEndian(span[RecordBatchHeader.BatchLengthOffset..], batch.Length - RecordBatchHeader.LogOverhead);
    span[RecordBatchHeader.MagicOffset] = 2;
    BinaryPrimitives.WriteInt32BigEndian(span[RecordBatchHeader.LastOffsetDeltaOffset..], records - 1);
    BinaryPrimitives.WriteInt64BigEndian(span[RecordBatchHeader.ProducerIdOffset..], -1);
    BinaryPrimitives.WriteInt16BigEndian(span[RecordBatchHeader.ProducerEpochOffset..], -1);
    BinaryPrimitives.WriteInt32BigEndian(span[RecordBatchHeader.BaseSequenceOffset..], -1);
    BinaryPrimitives.WriteInt32BigEndian(span[RecordBatchHeader.RecordCountOffset..], records);
    recordBytes.CopyTo(batch, RecordBatchHeader.Size);
    BinaryPrimitives.WriteUInt32BigEndian(span[RecordBatchHeader.CrcOffset..], RecordBatchHeader.ComputeCrc(batch));
    return batch;
}

static void AddVarInt(List<byte> list, int value)
{
    Span<byte> scratch = stackalloc byte[5];
    var n = Granary.Protocol.Primitives.VarInt.WriteVarInt(scratch, value);
    for (var i = 0; i < n; i++)
    {
        list.Add(scratch[i]);
    }
}
