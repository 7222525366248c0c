// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol;
using Granary.Protocol.Records;
using Xunit;
using ProtocolCompressionType = Granary.Protocol.Records.CompressionType;

namespace Granary.Client.Tests.Consuming;

/// <summary>
/// A large uncompressed batch is decoded a bounded number of records per step (Consumer.RecordsPerStep), resuming a
/// <see cref="RecordEnumerator"/> where the previous step stopped: the records, their order and every check of a single
/// pass stay, while no Consume call builds the results of a whole 1 MB batch at once.
/// </summary>
public class ConsumerBatchStepTests
{
    private const int BatchRecords = 1_000;

    [Fact]
    public void A_resumed_enumerator_returns_the_same_records_as_one_pass_and_still_checks_the_end()
    {
        var batch = BuildBatch(10, trailingByte: false);
        var oneGo = ReadOffsets(batch, stepSize: int.MaxValue);

        Assert.Equal(Enumerable.Range(100, 10).Select(i => (long)i), oneGo);
        foreach (var step in new[] { 1, 3, 9, 10 })
        {
            Assert.Equal(oneGo, ReadOffsets(batch, step));
        }

        // Bytes after the last record are caught by the step that reaches the end, as by a single pass.
        var corrupt = BuildBatch(10, trailingByte: true);
        var error = Assert.Throws<ProtocolException>(() => ReadOffsets(corrupt, 4));
        Assert.Contains("follow the last", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_position_from_another_section_is_refused()
    {
        var batch = BuildBatch(2, trailingByte: false);

        Assert.Throws<ArgumentOutOfRangeException>(() => Resume(batch, new RecordEnumeratorPosition(batch.Length, 0, -1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Resume(batch, new RecordEnumeratorPosition(0, 3, -1)));
    }

    [Fact]
    public async Task Large_batches_are_consumed_in_order_and_no_Consume_call_decodes_a_whole_one()
    {
        await using var silo = await GroupTestSilo.StartAsync(("steps", 1));
        await ProduceBatchAsync(silo.BootstrapServers, "steps", 0);
        await ProduceBatchAsync(silo.BootstrapServers, "steps", BatchRecords);
        using var consumer = new ConsumerBuilder<Null, byte[]>(ConsumerTestKit.Config(silo.BootstrapServers)).Build();
        consumer.Assign(new TopicPartitionOffset("steps", 0, Offset.Beginning));

        // Both batches came in the first fetch response; the first warms the path up, the second is measured call by call.
        var offsets = new List<long>();
        for (var i = 0; i < BatchRecords; i++)
        {
            offsets.Add(consumer.Consume(TimeSpan.FromSeconds(10))!.Offset.Value);
        }

        long largest = 0;
        for (var i = 0; i < BatchRecords; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var result = consumer.Consume(TimeSpan.FromSeconds(10));
            largest = Math.Max(largest, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.Equal(BatchRecords + i, BitConverter.ToInt32(result!.Message!.Value!));
            offsets.Add(result.Offset.Value);
        }

        Assert.Equal(Enumerable.Range(0, 2 * BatchRecords).Select(i => (long)i), offsets);

        // A step builds 64 results of about 270 bytes; a whole batch at once would be about 270 KB.
        Assert.InRange(largest, 1, 64 * 1024);
    }

    [Fact]
    public async Task Seek_and_pause_in_the_middle_of_a_batch_resume_at_the_right_record()
    {
        await using var silo = await GroupTestSilo.StartAsync(("steps-seek", 1));
        await ProduceBatchAsync(silo.BootstrapServers, "steps-seek", 0);
        var tp = new TopicPartition("steps-seek", 0);
        using var consumer = new ConsumerBuilder<Null, byte[]>(ConsumerTestKit.Config(silo.BootstrapServers)).Build();
        consumer.Assign(new TopicPartitionOffset(tp, Offset.Beginning));

        Assert.Equal(Enumerable.Range(0, 100), Consume(consumer, 100));

        consumer.Seek(new TopicPartitionOffset(tp, 700));
        Assert.Equal(Enumerable.Range(700, 10), Consume(consumer, 10));

        consumer.Seek(new TopicPartitionOffset(tp, 30));
        Assert.Equal(Enumerable.Range(30, 100), Consume(consumer, 100));

        consumer.Pause([tp]);
        Assert.Null(consumer.Consume(TimeSpan.FromMilliseconds(200)));
        consumer.Resume([tp]);
        Assert.Equal(Enumerable.Range(130, BatchRecords - 130), Consume(consumer, BatchRecords - 130));
    }

    private static List<int> Consume(IConsumer<Null, byte[]> consumer, int count)
    {
        var values = new List<int>();
        for (var i = 0; i < count; i++)
        {
            var result = consumer.Consume(TimeSpan.FromSeconds(10)) ?? throw new Xunit.Sdk.XunitException($"No record after {values.Count}.");
            var value = BitConverter.ToInt32(result.Message!.Value!);
            Assert.Equal(result.Offset.Value, value);
            values.Add(value);
        }

        return values;
    }

    /// <summary>Produces <see cref="BatchRecords"/> 100-byte values numbered from <paramref name="first"/>, lingering so they go as one batch.</summary>
    private static async Task ProduceBatchAsync(string servers, string topic, int first)
    {
        using var producer = new ProducerBuilder<Null, byte[]>(new ProducerConfig { BootstrapServers = servers, LingerMs = 1000 }).Build();
        var sends = new List<Task>();
        for (var i = first; i < first + BatchRecords; i++)
        {
            var value = new byte[100];
            BitConverter.TryWriteBytes(value, i);
            sends.Add(producer.ProduceAsync(topic, new Message<Null, byte[]> { Value = value }));
        }

        producer.Flush(TimeSpan.FromSeconds(30));
        await Task.WhenAll(sends);
    }

    private static byte[] BuildBatch(int count, bool trailingByte)
    {
        using var builder = new RecordBatchBuilder(ProtocolCompressionType.None) { BaseOffset = 100 };
        for (var i = 0; i < count; i++)
        {
            builder.Append(1_700_000_000_000 + i, (byte[]?)null, [(byte)i]);
        }

        var batch = builder.ToArray();
        if (!trailingByte)
        {
            return batch;
        }

        // One stray byte inside the records section, with the lengths and the CRC made to cover it.
        var longer = new byte[batch.Length + 1];
        batch.CopyTo(longer, 0);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(longer.AsSpan(8), longer.Length - 12);
        return longer;
    }

    private static void Resume(byte[] batch, RecordEnumeratorPosition position)
    {
        using var reader = RecordBatchReader.Open(batch);
        _ = reader.GetEnumerator(position);
    }

    private static List<long> ReadOffsets(byte[] batch, int stepSize)
    {
        var offsets = new List<long>();
        RecordEnumeratorPosition? position = null;
        while (true)
        {
            using var reader = RecordBatchReader.Open(batch, verifyCrc: false);
            var records = position is { } at ? reader.GetEnumerator(at) : reader.GetEnumerator();
            var taken = 0;
            var more = false;
            while (records.MoveNext())
            {
                offsets.Add(records.Current.Offset);
                if (++taken == stepSize)
                {
                    more = true;
                    break;
                }
            }

            if (!more)
            {
                return offsets;
            }

            position = records.Position;
        }
    }
}
