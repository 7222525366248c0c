// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol.Records;
using Xunit;

namespace Granary.Protocol.Tests.Records;

public class RecordBatchValidationTests
{
    private const int FirstRecord = RecordBatchHeader.Size;

    private static ProtocolException ReadAll(byte[] bytes)
    {
        return Assert.Throws<ProtocolException>(() =>
        {
            using var reader = RecordBatchReader.Open(bytes);
            reader.ValidateRecords();
        });
    }

    [Fact]
    public void CrcMismatchIsCorruptMessage()
    {
        var bytes = BatchBytes.SingleSmallRecord();
        bytes[FirstRecord + 5] ^= 0x01;
        Assert.Equal(KafkaErrorCode.CorruptMessage, ReadAll(bytes).ErrorCode);
        Assert.Equal(RecordBatchValidation.CrcMismatch, RecordBatchHeader.TryRead(bytes, out _));
    }

    [Fact]
    public void BatchLengthLongerThanTheBytesIsCorrupt()
    {
        var bytes = BatchBytes.SingleSmallRecord();
        Assert.Equal(KafkaErrorCode.CorruptMessage, ReadAll(bytes[..^1]).ErrorCode);
        BatchBytes.SetInt32(bytes, RecordBatchHeader.BatchLengthOffset, bytes.Length, fixCrc: false);
        Assert.Equal(KafkaErrorCode.CorruptMessage, ReadAll(bytes).ErrorCode);
    }

    [Fact]
    public void BatchLengthShorterThanTheBytesIsCorrupt()
    {
        var bytes = BatchBytes.SingleSmallRecord();
        var longer = new byte[bytes.Length + 4];
        bytes.CopyTo(longer, 0);
        Assert.Equal(KafkaErrorCode.CorruptMessage, ReadAll(longer).ErrorCode);

        // A BatchLength that cuts the last record short (CRC recomputed over the shorter range).
        var cut = BatchBytes.Build(3);
        BatchBytes.SetInt32(cut, RecordBatchHeader.BatchLengthOffset, cut.Length - RecordBatchHeader.LogOverhead - 2, fixCrc: false);
        var trimmed = cut[..^2];
        BatchBytes.FixCrc(trimmed);
        Assert.Equal(KafkaErrorCode.CorruptMessage, ReadAll(trimmed).ErrorCode);
    }

    [Fact]
    public void BatchLengthBelowAnEmptyBatchIsCorrupt()
    {
        var bytes = BatchBytes.SingleSmallRecord();
        BatchBytes.SetInt32(bytes, RecordBatchHeader.BatchLengthOffset, 10, fixCrc: false);
        Assert.Equal(KafkaErrorCode.CorruptMessage, ReadAll(bytes).ErrorCode);
    }

    [Theory]
    [InlineData(3, KafkaErrorCode.CorruptMessage)]
    [InlineData(-1, KafkaErrorCode.CorruptMessage)]
    [InlineData(1, KafkaErrorCode.UnsupportedForMessageFormat)]
    [InlineData(0, KafkaErrorCode.UnsupportedForMessageFormat)]
    public void BadMagicIsRejected(sbyte magic, KafkaErrorCode expected)
    {
        var bytes = BatchBytes.SingleSmallRecord();
        bytes[RecordBatchHeader.MagicOffset] = (byte)magic;
        Assert.Equal(expected, ReadAll(bytes).ErrorCode);
    }

    [Fact]
    public void RecordCountAboveTheRecordsIsInvalid()
    {
        var bytes = BatchBytes.Build(3);
        BatchBytes.SetInt32(bytes, RecordBatchHeader.RecordCountOffset, 4);
        BatchBytes.SetInt32(bytes, RecordBatchHeader.LastOffsetDeltaOffset, 3);
        Assert.Equal(KafkaErrorCode.InvalidRecord, ReadAll(bytes).ErrorCode);
    }

    [Fact]
    public void RecordCountBelowTheRecordsIsCorrupt()
    {
        var bytes = BatchBytes.Build(3);
        BatchBytes.SetInt32(bytes, RecordBatchHeader.RecordCountOffset, 2);
        Assert.Equal(KafkaErrorCode.CorruptMessage, ReadAll(bytes).ErrorCode);
    }

    [Fact]
    public void RecordCountBeyondLastOffsetDeltaIsInvalid()
    {
        var bytes = BatchBytes.Build(3);
        BatchBytes.SetInt32(bytes, RecordBatchHeader.LastOffsetDeltaOffset, 1);
        Assert.Equal(KafkaErrorCode.InvalidRecord, ReadAll(bytes).ErrorCode);
    }

    [Fact]
    public void OffsetDeltaBeyondLastOffsetDeltaIsInvalid()
    {
        // One record whose offset delta (byte 64) claims 5 while LastOffsetDelta is 0.
        var bytes = BatchBytes.SingleSmallRecord();
        bytes[FirstRecord + 3] = 10;
        BatchBytes.FixCrc(bytes);
        Assert.Equal(KafkaErrorCode.InvalidRecord, ReadAll(bytes).ErrorCode);
    }

    [Fact]
    public void RepeatedOffsetDeltaIsInvalid()
    {
        using var builder = new RecordBatchBuilder();
        builder.Append(1, "k"u8, "v"u8);
        builder.Append(1, "k"u8, "v"u8);
        var bytes = builder.ToArray();

        // The second record starts after the first's 9 bytes; its offset delta byte is its fourth.
        bytes[FirstRecord + 9 + 3] = 0;
        BatchBytes.FixCrc(bytes);
        Assert.Equal(KafkaErrorCode.InvalidRecord, ReadAll(bytes).ErrorCode);
    }

    [Fact]
    public void RecordLengthOverrunningTheBatchIsCorrupt()
    {
        var bytes = BatchBytes.SingleSmallRecord();
        bytes[FirstRecord] = 100;
        BatchBytes.FixCrc(bytes);
        Assert.Equal(KafkaErrorCode.CorruptMessage, ReadAll(bytes).ErrorCode);

        bytes[FirstRecord] = 0xFF;
        BatchBytes.FixCrc(bytes);
        Assert.Equal(KafkaErrorCode.CorruptMessage, ReadAll(bytes).ErrorCode);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(40)]
    public void KeyLengthBelowMinusOneOrBeyondTheRecordIsCorrupt(byte zigzagKeyLength)
    {
        var bytes = BatchBytes.SingleSmallRecord();
        bytes[FirstRecord + 4] = zigzagKeyLength;
        BatchBytes.FixCrc(bytes);
        Assert.Equal(KafkaErrorCode.CorruptMessage, ReadAll(bytes).ErrorCode);
    }

    [Fact]
    public void NegativeValueLengthIsCorrupt()
    {
        var bytes = BatchBytes.SingleSmallRecord();
        bytes[FirstRecord + 6] = 3;
        BatchBytes.FixCrc(bytes);
        Assert.Equal(KafkaErrorCode.CorruptMessage, ReadAll(bytes).ErrorCode);
    }

    [Fact]
    public void FieldsShorterThanTheRecordLengthAreCorrupt()
    {
        var bytes = BatchBytes.SingleSmallRecord();

        // Shrink the value's length to 0 while the record length stays: the value byte left over is read as a
        // header count the record has no room for.
        bytes[FirstRecord + 6] = 0;
        BatchBytes.FixCrc(bytes);
        Assert.Equal(KafkaErrorCode.CorruptMessage, ReadAll(bytes).ErrorCode);
    }

    [Fact]
    public void SequenceStopsAtAPartialTrailingBatch()
    {
        var a = BatchBytes.Build(2);
        var b = BatchBytes.Build(5);
        var all = a.Concat(b).Concat(b[..30]).ToArray();
        var e = new RecordBatchEnumerator(all);
        var counts = new List<int>();
        while (e.MoveNext())
        {
            counts.Add(e.Current.Header.RecordCount);
        }

        Assert.Equal([2, 5], counts);
        Assert.True(e.IsIncomplete);
        Assert.Equal(a.Length + b.Length, e.Consumed);

        var whole = new RecordBatchEnumerator(a.Concat(b).ToArray());
        while (whole.MoveNext())
        {
        }

        Assert.False(whole.IsIncomplete);

        var tiny = new RecordBatchEnumerator(a.Concat(b[..10]).ToArray());
        Assert.True(tiny.MoveNext());
        Assert.False(tiny.MoveNext());
        Assert.True(tiny.IsIncomplete);
    }

    [Fact]
    public void SequenceRejectsACorruptMiddleBatch()
    {
        var a = BatchBytes.Build(2);
        var b = BatchBytes.Build(5);
        b[^1] ^= 0xFF;
        var all = a.Concat(b).Concat(a).ToArray();
        var ex = Assert.Throws<ProtocolException>(() =>
        {
            var e = new RecordBatchEnumerator(all);
            while (e.MoveNext())
            {
            }
        });
        Assert.Equal(KafkaErrorCode.CorruptMessage, ex.ErrorCode);
    }
}
