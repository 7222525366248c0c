// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers.Binary;
using System.Text;
using Granary.Protocol.Primitives;
using Granary.Protocol.Records;
using Xunit;

namespace Granary.Protocol.Tests.Records;

public class LegacyMessageSetWriterTests
{
    private const long Time = 1_700_000_000_000;

    private static byte[] Batch(long baseOffset, int count, CompressionType compression = CompressionType.None, TimestampType timestampType = TimestampType.CreateTime, bool withHeaders = false)
    {
        using var builder = new RecordBatchBuilder(compression) { BaseOffset = baseOffset, TimestampType = timestampType };
        for (var i = 0; i < count; i++)
        {
            var key = i % 3 == 0 ? null : Encoding.UTF8.GetBytes($"k{baseOffset + i}");
            var value = Encoding.UTF8.GetBytes($"value-{baseOffset + i}");
            RecordHeader[] headers = withHeaders ? [new RecordHeader("h", [1, 2])] : [];
            builder.Append(Time + i, key, value, headers);
        }

        var batch = builder.ToArray();
        if (timestampType == TimestampType.LogAppendTime)
        {
            RecordBatchHeader.PatchLogAppendTime(batch, Time + 999);
        }

        return batch;
    }

    private static byte[] ControlBatch(long baseOffset)
    {
        using var builder = new RecordBatchBuilder { BaseOffset = baseOffset, IsControl = true, IsTransactional = true, ProducerId = 7, ProducerEpoch = 0 };
        builder.AppendEndTransactionMarker(Time, new EndTransactionMarker(ControlRecordType.Commit, 0));
        return builder.ToArray();
    }

    private static (long Offset, long Timestamp, byte Attributes, string? Key, string Value)[] Parse(ReadOnlySpan<byte> set, byte magic)
    {
        var result = new List<(long, long, byte, string?, string)>();
        while (!set.IsEmpty)
        {
            var offset = BinaryPrimitives.ReadInt64BigEndian(set);
            var size = BinaryPrimitives.ReadInt32BigEndian(set[8..]);
            var message = set.Slice(12, size);
            Assert.Equal(magic, message[4]);
            var p = magic == 1 ? 14 : 6;
            var timestamp = magic == 1 ? BinaryPrimitives.ReadInt64BigEndian(message[6..]) : -1;
            var keyLength = BinaryPrimitives.ReadInt32BigEndian(message[p..]);
            string? key = keyLength < 0 ? null : Encoding.UTF8.GetString(message.Slice(p + 4, keyLength));
            p += 4 + Math.Max(0, keyLength);
            var valueLength = BinaryPrimitives.ReadInt32BigEndian(message[p..]);
            var value = Encoding.UTF8.GetString(message.Slice(p + 4, valueLength));
            Assert.Equal(p + 4 + valueLength, message.Length);
            result.Add((offset, timestamp, message[5], key, value));
            set = set[(12 + size)..];
        }

        return [.. result];
    }

    [Theory]
    [InlineData((byte)0, CompressionType.None)]
    [InlineData((byte)1, CompressionType.None)]
    [InlineData((byte)0, CompressionType.Gzip)]
    [InlineData((byte)1, CompressionType.Snappy)]
    [InlineData((byte)1, CompressionType.Lz4)]
    [InlineData((byte)1, CompressionType.Zstd)]
    public void Converts_every_record_uncompressed_and_the_legacy_reader_accepts_the_result(byte magic, CompressionType compression)
    {
        var batches = Batch(10, 5, compression, withHeaders: true).Concat(Batch(15, 3, compression)).ToArray();
        using var output = new PooledBufferWriter();
        var written = LegacyMessageSetWriter.ConvertFromV2(batches, magic, fetchOffset: 0, maxBytes: int.MaxValue, output);

        Assert.Equal(output.WrittenCount, written);
        var messages = Parse(output.WrittenSpan, magic);
        Assert.Equal(Enumerable.Range(10, 8).Select(i => (long)i), messages.Select(m => m.Offset));
        Assert.All(messages, m => Assert.Equal(0, m.Attributes));
        Assert.Equal("value-12", messages[2].Value);
        Assert.Null(messages[0].Key);
        Assert.Equal("k11", messages[1].Key);
        Assert.Equal(magic == 1 ? Time + 1 : -1, messages[1].Timestamp);

        // The CRCs and layout are what Kafka's legacy format says: the library's own v0/v1 reader takes them back.
        var back = LegacyMessageSet.ConvertToV2(output.WrittenSpan);
        using var reader = RecordBatchReader.Open(back);
        var count = 0;
        foreach (var record in reader)
        {
            Assert.Equal(10 + count, record.Offset);
            Assert.Equal(0, record.HeaderCount);
            count++;
        }

        Assert.Equal(8, count);
    }

    [Fact]
    public void Skips_control_batches_and_records_below_the_fetch_offset()
    {
        var batches = Batch(0, 4).Concat(ControlBatch(4)).Concat(Batch(5, 2)).ToArray();
        using var output = new PooledBufferWriter();
        LegacyMessageSetWriter.ConvertFromV2(batches, 1, fetchOffset: 2, maxBytes: int.MaxValue, output);

        Assert.Equal([2L, 3, 5, 6], Parse(output.WrittenSpan, 1).Select(m => m.Offset));
    }

    [Fact]
    public void Log_append_time_sets_the_timestamp_type_bit_and_the_batch_time()
    {
        using var output = new PooledBufferWriter();
        LegacyMessageSetWriter.ConvertFromV2(Batch(0, 2, timestampType: TimestampType.LogAppendTime), 1, 0, int.MaxValue, output);

        var messages = Parse(output.WrittenSpan, 1);
        Assert.All(messages, m => Assert.Equal(0x08, m.Attributes));
        Assert.All(messages, m => Assert.Equal(Time + 999, m.Timestamp));
    }

    [Fact]
    public void Max_bytes_stops_at_whole_messages_but_always_returns_the_first()
    {
        var batch = Batch(0, 10);
        using var all = new PooledBufferWriter();
        LegacyMessageSetWriter.ConvertFromV2(batch, 0, 0, int.MaxValue, all);
        var first = Parse(all.WrittenSpan, 0)[0];
        var firstSize = LegacyMessageSetWriter.EntrySize(0, first.Key?.Length ?? -1, first.Value.Length);

        using var one = new PooledBufferWriter();
        Assert.Equal(firstSize, LegacyMessageSetWriter.ConvertFromV2(batch, 0, 0, maxBytes: 1, one));
        Assert.Single(Parse(one.WrittenSpan, 0));

        using var some = new PooledBufferWriter();
        var written = LegacyMessageSetWriter.ConvertFromV2(batch, 0, 0, maxBytes: all.WrittenCount - 1, some);
        Assert.True(written <= all.WrittenCount - 1);
        Assert.Equal(9, Parse(some.WrittenSpan, 0).Length);
    }
}
