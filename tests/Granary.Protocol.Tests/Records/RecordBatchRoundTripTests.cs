// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Text;
using Granary.Protocol.Primitives;
using Granary.Protocol.Records;
using Xunit;

namespace Granary.Protocol.Tests.Records;

public class RecordBatchRoundTripTests
{
    [Fact]
    public void HeaderFieldsAndRecordsRoundTrip()
    {
        using var builder = new RecordBatchBuilder
        {
            BaseOffset = 500,
            PartitionLeaderEpoch = 3,
            ProducerId = 77,
            ProducerEpoch = 2,
            BaseSequence = 40,
            IsTransactional = true,
        };
        builder.Append(10_000, "key-0"u8.ToArray(), "value-0"u8.ToArray(), new RecordHeader("trace", [1, 2, 3]), new RecordHeader("nullable", null), new RecordHeader("ünï", []));
        builder.Append(9_990, null, "tombstone-less"u8.ToArray());
        builder.Append(10_050, "k2"u8.ToArray(), null);
        builder.Append(10_020, [], []);
        var bytes = builder.ToArray();

        using var reader = RecordBatchReader.Open(bytes);
        var h = reader.Header;
        Assert.Equal(500, h.BaseOffset);
        Assert.Equal(bytes.Length, h.TotalSize);
        Assert.Equal(3, h.PartitionLeaderEpoch);
        Assert.Equal(77, h.ProducerId);
        Assert.Equal((short)2, h.ProducerEpoch);
        Assert.Equal(40, h.BaseSequence);
        Assert.Equal(43, h.LastSequence);
        Assert.True(h.IsTransactional);
        Assert.False(h.IsControl);
        Assert.Equal(4, h.RecordCount);
        Assert.Equal(3, h.LastOffsetDelta);
        Assert.Equal(10_000, h.BaseTimestamp);
        Assert.Equal(10_050, h.MaxTimestamp);
        Assert.Equal(CompressionType.None, h.Compression);

        var e = reader.GetEnumerator();
        Assert.True(e.MoveNext());
        var r = e.Current;
        Assert.Equal(500, r.Offset);
        Assert.Equal(0, r.OffsetDelta);
        Assert.Equal(10_000, r.Timestamp);
        Assert.Equal("key-0"u8.ToArray(), r.Key.ToArray());
        Assert.Equal("value-0"u8.ToArray(), r.Value.ToArray());
        Assert.Equal(3, r.HeaderCount);
        var headers = new List<string>();
        foreach (var header in r.Headers)
        {
            headers.Add(header.GetKeyString() + "=" + (header.IsValueNull ? "null" : Convert.ToHexString(header.Value)));
        }

        Assert.Equal(["trace=010203", "nullable=null", "ünï="], headers);

        Assert.True(e.MoveNext());
        r = e.Current;
        Assert.Equal(501, r.Offset);
        Assert.Equal(-10, r.TimestampDelta);
        Assert.Equal(9_990, r.Timestamp);
        Assert.True(r.IsKeyNull);
        Assert.False(r.IsValueNull);

        Assert.True(e.MoveNext());
        r = e.Current;
        Assert.False(r.IsKeyNull);
        Assert.True(r.IsValueNull);
        Assert.True(r.Value.IsEmpty);

        Assert.True(e.MoveNext());
        r = e.Current;
        Assert.False(r.IsKeyNull);
        Assert.False(r.IsValueNull);
        Assert.True(r.Key.IsEmpty);
        Assert.Equal(0, r.HeaderCount);
        Assert.False(e.MoveNext());
        Assert.Equal(4, reader.ValidateRecords(requireContiguousOffsets: true));
    }

    [Fact]
    public void BuildIntoBufferWriterAppendsAfterExistingBytesAndBuilderIsReusable()
    {
        using var builder = new RecordBatchBuilder();
        using var writer = new PooledBufferWriter();
        writer.Write([9, 9, 9]);
        builder.Append(1, "a"u8, "b"u8);
        var first = builder.Build(writer);
        builder.Reset();
        builder.Append(5, "c"u8, "d"u8);
        builder.Append(6, "e"u8, "f"u8);
        var second = builder.Build(writer);
        Assert.Equal(3 + first + second, writer.WrittenCount);

        var all = writer.WrittenSpan[3..];
        using var a = RecordBatchReader.Open(all[..first]);
        using var b = RecordBatchReader.Open(all[first..]);
        Assert.Equal(1, a.Header.RecordCount);
        Assert.Equal(2, b.Header.RecordCount);
        Assert.Equal(5, b.Header.BaseTimestamp);
    }

    [Fact]
    public void CompactionCopyKeepsOffsetsAndLastOffsetDelta()
    {
        var source = BatchBytes.Build(10);
        RecordBatchHeader.PatchBaseOffset(source, 1000);
        using var reader = RecordBatchReader.Open(source);
        using var builder = new RecordBatchBuilder { BaseOffset = 1000, BaseTimestamp = reader.Header.BaseTimestamp, MinimumLastOffsetDelta = reader.Header.LastOffsetDelta };
        foreach (var record in reader)
        {
            if (record.OffsetDelta % 3 == 0)
            {
                builder.Append(record);
            }
        }

        var compacted = builder.ToArray();
        using var copy = RecordBatchReader.Open(compacted);
        Assert.Equal(4, copy.Header.RecordCount);
        Assert.Equal(9, copy.Header.LastOffsetDelta);
        Assert.Equal(1009, copy.Header.LastOffset);
        var offsets = new List<long>();
        foreach (var record in copy)
        {
            offsets.Add(record.Offset);
            Assert.Equal(1_700_000_000_000 + record.OffsetDelta, record.Timestamp);
            Assert.Equal(record.OffsetDelta, BitConverter.ToInt32(record.Key));
        }

        Assert.Equal([1000L, 1003, 1006, 1009], offsets);
        Assert.Equal(4, copy.ValidateRecords());
        var ex = Assert.Throws<ProtocolException>(() => RecordBatchReader.Open(compacted).ValidateRecords(requireContiguousOffsets: true));
        Assert.Equal(KafkaErrorCode.InvalidRecord, ex.ErrorCode);
    }

    [Fact]
    public void LogAppendTimeReportsTheBatchTimestampForEveryRecord()
    {
        var bytes = BatchBytes.Build(3);
        RecordBatchHeader.PatchLogAppendTime(bytes, 42);
        using var reader = RecordBatchReader.Open(bytes);
        Assert.Equal(TimestampType.LogAppendTime, reader.Header.TimestampType);
        foreach (var record in reader)
        {
            Assert.Equal(42, record.Timestamp);
        }
    }

    [Fact]
    public void EmptyBatchKeepsItsOffsetRange()
    {
        using var builder = new RecordBatchBuilder { MinimumLastOffsetDelta = 4, ProducerId = 9 };
        var bytes = builder.ToArray();
        using var reader = RecordBatchReader.Open(bytes);
        Assert.Equal(0, reader.Header.RecordCount);
        Assert.Equal(4, reader.Header.LastOffsetDelta);
        Assert.Equal(0, reader.ValidateRecords());
    }

    [Fact]
    public void EndTransactionMarkersRoundTrip()
    {
        using var builder = new RecordBatchBuilder { ProducerId = 12, ProducerEpoch = 1 };
        builder.AppendEndTransactionMarker(99, new EndTransactionMarker(ControlRecordType.Commit, 7));
        var bytes = builder.ToArray();
        using var reader = RecordBatchReader.Open(bytes);
        Assert.True(reader.Header.IsControl);
        Assert.True(reader.Header.IsTransactional);
        var e = reader.GetEnumerator();
        Assert.True(e.MoveNext());
        Assert.Equal(new byte[] { 0, 0, 0, 1 }, e.Current.Key.ToArray());
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 7 }, e.Current.Value.ToArray());
        Assert.Equal(new EndTransactionMarker(ControlRecordType.Commit, 7), EndTransactionMarker.Read(e.Current));
        Assert.False(e.MoveNext());

        builder.Reset();
        builder.AppendEndTransactionMarker(100, new EndTransactionMarker(ControlRecordType.Abort, -1));
        using var abort = RecordBatchReader.Open(builder.ToArray());
        foreach (var record in abort)
        {
            Assert.Equal(ControlRecordType.Abort, EndTransactionMarker.ReadType(record.Key));
            Assert.Equal(-1, EndTransactionMarker.Read(record).CoordinatorEpoch);
        }

        using var shortKey = new RecordBatchBuilder { IsControl = true };
        shortKey.Append(1, [0, 0], [0, 0, 0, 0, 0, 0]);
        using var bad = RecordBatchReader.Open(shortKey.ToArray());
        var be = bad.GetEnumerator();
        Assert.True(be.MoveNext());
        var record0 = be.Current;
        try
        {
            EndTransactionMarker.Read(record0);
            Assert.Fail("A two-byte control key was accepted.");
        }
        catch (ProtocolException ex)
        {
            Assert.Equal(KafkaErrorCode.CorruptMessage, ex.ErrorCode);
        }
    }

    [Fact]
    public void IteratingAnUncompressedBatchAllocatesNothing()
    {
        using var builder = new RecordBatchBuilder();
        for (var i = 0; i < 10_000; i++)
        {
            builder.Append(1_000 + i, BitConverter.GetBytes(i), new byte[100], [new RecordHeader("h", [1]), new RecordHeader("n", null)]);
        }

        var bytes = builder.ToArray();

        long Sum()
        {
            long sum = 0;
            using var reader = RecordBatchReader.Open(bytes);
            foreach (var record in reader)
            {
                sum += record.Offset + record.Timestamp + record.Key.Length + record.Value.Length;
                foreach (var header in record.Headers)
                {
                    sum += header.Key.Length;
                }
            }

            return sum;
        }

        var expected = Sum();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var actual = Sum();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(expected, actual);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void HeaderKeysCompareAsUtf8()
    {
        using var builder = new RecordBatchBuilder();
        builder.Append(1, "k"u8, "v"u8, [new RecordHeader("traceparent", Encoding.ASCII.GetBytes("00-abc"))]);
        using var reader = RecordBatchReader.Open(builder.ToArray());
        foreach (var record in reader)
        {
            foreach (var header in record.Headers)
            {
                Assert.True(header.Key.SequenceEqual("traceparent"u8));
                Assert.Equal("00-abc", Encoding.ASCII.GetString(header.Value));
            }
        }
    }
}
