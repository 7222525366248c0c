// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Runtime.InteropServices;
using Granary.Protocol.Primitives;
using Granary.Protocol.Records;
using Xunit;

namespace Granary.Protocol.Tests.Records;

public sealed class RecordBatchFinishTests
{
    [Theory]
    [InlineData(CompressionType.None)]
    [InlineData(CompressionType.Gzip)]
    [InlineData(CompressionType.Lz4)]
    [InlineData(CompressionType.Zstd)]
    public void FinishIsTheBatchBuildWritesAndReadsBack(CompressionType compression)
    {
        using var builder = new RecordBatchBuilder(compression) { ProducerId = 9, ProducerEpoch = 1, BaseSequence = 100 };
        for (var i = 0; i < 50; i++)
        {
            builder.Append(1_000 + i, [(byte)i], Enumerable.Repeat((byte)i, 300).ToArray());
        }

        var finished = builder.Finish().ToArray();
        using var built = new PooledBufferWriter();
        Assert.Equal(finished.Length, builder.Build(built));
        Assert.Equal(finished, built.WrittenSpan.ToArray());
        Assert.Equal(finished, builder.ToArray());

        using var reader = RecordBatchReader.Open(finished);
        Assert.Equal(compression, reader.Header.Compression);
        Assert.Equal(50, reader.Header.RecordCount);
        Assert.Equal(149, reader.Header.LastSequence);
        var count = 0;
        foreach (var record in reader)
        {
            Assert.Equal(1_000 + count, record.Timestamp);
            Assert.Equal(Enumerable.Repeat((byte)count, 300).ToArray(), record.Value.ToArray());
            count++;
        }

        Assert.Equal(50, count);
    }

    [Fact]
    public void AnUncompressedBatchIsFinishedWhereItsRecordsWereEncoded()
    {
        using var builder = new RecordBatchBuilder(CompressionType.None, initialCapacity: 64 * 1024);
        builder.Append(1, [], new byte[1000]);
        var first = builder.Finish();
        Assert.True(MemoryMarshal.TryGetArray(first, out var a));

        // The next record is encoded right behind the finished batch, in the same buffer: the batch is that buffer.
        var marker = Enumerable.Repeat((byte)0x5A, 1000).ToArray();
        builder.Append(2, [], marker);
        Assert.True(a.Array.AsSpan(a.Offset + first.Length, 1100).IndexOf(marker) > 0);

        var second = builder.Finish();
        Assert.True(MemoryMarshal.TryGetArray(second, out var b));
        Assert.Same(a.Array, b.Array);
        Assert.Equal(a.Offset, b.Offset);

        // Finishing again after more records rewrote the header: both records, a valid CRC.
        using var reader = RecordBatchReader.Open(second.Span);
        Assert.Equal(2, reader.Header.RecordCount);
        Assert.Equal(RecordBatchHeader.Size + builder.UncompressedRecordsSize, second.Length);
        Assert.Equal([1L, 2L], Timestamps(second));
    }

    [Fact]
    public void AnUndersizedBuilderGrowsAndAResetOneStartsAfresh()
    {
        using var builder = new RecordBatchBuilder(CompressionType.None, initialCapacity: 0);
        var value = new byte[1024];
        for (var i = 0; i < 1000; i++)
        {
            value[0] = (byte)i;
            builder.Append(i, [], value);
        }

        using (var reader = RecordBatchReader.Open(builder.Finish().Span))
        {
            Assert.Equal(1000, reader.Header.RecordCount);
            Assert.Equal(999, reader.Header.LastOffsetDelta);
            byte last = 0;
            foreach (var record in reader)
            {
                last = record.Value[0];
            }

            Assert.Equal((byte)231, last);
        }

        builder.Reset();
        Assert.Equal(0, builder.UncompressedRecordsSize);
        builder.Append(5, [], [42]);
        using var again = RecordBatchReader.Open(builder.Finish().Span);
        Assert.Equal(1, again.Header.RecordCount);
        Assert.Equal(5, again.Header.BaseTimestamp);
        Assert.Equal([5L], Timestamps(builder.Finish()));
    }

    private static List<long> Timestamps(ReadOnlyMemory<byte> batch)
    {
        using var reader = RecordBatchReader.Open(batch.Span);
        var timestamps = new List<long>();
        foreach (var record in reader)
        {
            timestamps.Add(record.Timestamp);
        }

        return timestamps;
    }
}
