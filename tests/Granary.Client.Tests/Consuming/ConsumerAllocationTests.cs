// Copyright (c) Granary contributors. Licensed under the MIT License.

using Xunit;

namespace Granary.Client.Tests.Consuming;

/// <summary>
/// What Consume allocates per record once the records are prefetched: the result and the message Confluent.Kafka's API
/// hands out, the value the deserializer makes, and nothing else. Counted on the Consume thread (decoding runs there),
/// over records that all came in one fetch response, in one-record batches, so the figures are exact.
/// </summary>
public class ConsumerAllocationTests
{
    private const int Warmup = 1_000;
    private const int Measured = 1_000;

    // The measured records are counted in windows, and the median window's average is the figure: a per-record
    // allocation shows in every window, while a one-off on the Consume thread (CI once saw 1 KB of it among 1,000
    // records: 265 B against 264) lands in one window only and is left out.
    private const int Windows = 5;

    // Records after the measured ones, so that no measured call finishes the fetched chunk: finishing it releases the
    // response and may start the next fetch on the Consume thread, once per chunk, not per record (CI once saw that
    // one-off add 5 B to the per-record average when the last measured record was the chunk's last).
    private const int Tail = 100;
    private const int ValueSize = 100;

    // ConsumeResult (header, Topic, Message, Offset, LeaderEpoch, Partition, IsPartitionEOF) and Message (header,
    // Timestamp, Headers, Key, Value) are 56 bytes each on 64-bit.
    private const int ResultAndMessage = 112;

    // An empty Headers object (Confluent.Kafka sets one on every message unless the headers field is turned off).
    private const int EmptyHeaders = 24;

    // A byte[] of ValueSize bytes: the array header and length, the bytes rounded up to 8.
    private const int ValueArray = 24 + ((ValueSize + 7) / 8 * 8);

    [Fact]
    public async Task ConsumeAllocatesOnlyTheResultAndTheMessagePerRecord()
    {
        await using var silo = await GroupTestSilo.StartAsync(("alloc-none", 1));
        await ProduceAsync(silo.BootstrapServers, "alloc-none");
        var config = ConsumerTestKit.Config(silo.BootstrapServers);
        config.Set("dotnet.consumer.consume.result.fields", "none");
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(config).Build();

        var perRecord = MeasurePerRecord(consumer, "alloc-none");

        Assert.Equal(ResultAndMessage, perRecord);
    }

    [Fact]
    public async Task ConsumeWithConfluentDefaultsAllocatesTheValueAndAnEmptyHeadersBeyondTheResult()
    {
        await using var silo = await GroupTestSilo.StartAsync(("alloc-all", 1));
        await ProduceAsync(silo.BootstrapServers, "alloc-all");
        using var consumer = new ConsumerBuilder<Null, byte[]>(ConsumerTestKit.Config(silo.BootstrapServers)).Build();

        var perRecord = MeasurePerRecord(consumer, "alloc-all");

        Assert.Equal(ResultAndMessage + EmptyHeaders + ValueArray, perRecord);
    }

    private static async Task ProduceAsync(string servers, string topic)
    {
        // One record per batch (each send waits for the previous one): the consumer decodes a batch at a time, so
        // with one-record batches the measured calls decode exactly the measured records, per-batch work included.
        using var producer = new ProducerBuilder<Null, byte[]>(new ProducerConfig { BootstrapServers = servers, LingerMs = 0 }).Build();
        for (var i = 0; i < Warmup + Measured + Tail; i++)
        {
            await producer.ProduceAsync(topic, new Message<Null, byte[]> { Value = new byte[ValueSize] });
        }
    }

    /// <summary>Bytes the Consume thread allocated per record in the median window of the measured records (after a warm-up).</summary>
    private static long MeasurePerRecord<TKey, TValue>(IConsumer<TKey, TValue> consumer, string topic)
    {
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var deadline = Environment.TickCount64 + 30_000;
        long consumed = 0;
        while (consumed < Warmup && Environment.TickCount64 < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { Message: not null })
            {
                consumed++;
            }
        }

        Assert.Equal(Warmup, consumed);

        // All records were produced before Assign, so the first fetch response held them all (about 360 KB, below
        // max.partition.fetch.bytes): none of the measured calls waits for a fetch.
        var results = new ConsumeResult<TKey, TValue>?[Measured];
        var perWindow = new long[Windows];
        const int windowRecords = Measured / Windows;
        for (var w = 0; w < Windows; w++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = w * windowRecords; i < (w + 1) * windowRecords; i++)
            {
                results[i] = consumer.Consume(TimeSpan.FromSeconds(10));
            }

            perWindow[w] = (GC.GetAllocatedBytesForCurrentThread() - before) / windowRecords;
        }

        Assert.All(results, r => Assert.NotNull(r?.Message));
        Assert.Equal(Enumerable.Range(Warmup, Measured).Select(i => (long)i), results.Select(r => r!.Offset.Value));
        Array.Sort(perWindow);
        return perWindow[Windows / 2];
    }
}
