// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol.Records;
using Xunit;

namespace Granary.Protocol.Tests.Records;

public class CompressedBatchTests
{
    public static TheoryData<CompressionType> Codecs => [CompressionType.Gzip, CompressionType.Snappy, CompressionType.Lz4, CompressionType.Zstd];

    [Theory]
    [MemberData(nameof(Codecs))]
    public void CompressedBatchesRoundTrip(CompressionType type)
    {
        using var builder = new RecordBatchBuilder(type) { ProducerId = 5, ProducerEpoch = 1, BaseSequence = 0 };
        for (var i = 0; i < 1000; i++)
        {
            builder.Append(1_000 + i, i % 10 == 0 ? null : BitConverter.GetBytes(i), i % 17 == 0 ? null : System.Text.Encoding.ASCII.GetBytes($"{{\"n\":{i},\"text\":\"value number {i}\"}}"),
                new RecordHeader("h", BitConverter.GetBytes(i * 2)));
        }

        var bytes = builder.ToArray();
        Assert.True(bytes.Length < RecordBatchHeader.Size + builder.UncompressedRecordsSize / 2);
        using var reader = RecordBatchReader.Open(bytes);
        Assert.Equal(type, reader.Header.Compression);
        Assert.Equal(builder.UncompressedRecordsSize, reader.RecordsSection.Length);
        var i2 = 0;
        foreach (var record in reader)
        {
            Assert.Equal(i2, record.OffsetDelta);
            Assert.Equal(1_000 + i2, record.Timestamp);
            Assert.Equal(i2 % 10 == 0, record.IsKeyNull);
            Assert.Equal(i2 % 17 == 0, record.IsValueNull);
            foreach (var header in record.Headers)
            {
                Assert.Equal(i2 * 2, BitConverter.ToInt32(header.Value));
            }

            i2++;
        }

        Assert.Equal(1000, i2);
        Assert.Equal(1000, reader.ValidateRecords(requireContiguousOffsets: true));
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void DecompressedSectionBeyondTheCallersBoundIsRefused(CompressionType type)
    {
        var bytes = BatchBytes.Build(2000, type, valueSize: 500);
        var ex = Assert.Throws<ProtocolException>(() =>
        {
            using var reader = RecordBatchReader.Open(bytes, maxUncompressedBytes: 100_000);
        });
        Assert.Equal(KafkaErrorCode.CorruptMessage, ex.ErrorCode);
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void CorruptCompressedSectionWithValidCrcIsCorruptMessage(CompressionType type)
    {
        var bytes = BatchBytes.Build(200, type, valueSize: 50);
        var truncated = bytes[..^10];
        BatchBytes.SetInt32(truncated, RecordBatchHeader.BatchLengthOffset, truncated.Length - RecordBatchHeader.LogOverhead);
        var ex = Assert.Throws<ProtocolException>(() =>
        {
            using var reader = RecordBatchReader.Open(truncated);
            reader.ValidateRecords();
        });
        Assert.Equal(KafkaErrorCode.CorruptMessage, ex.ErrorCode);
    }

    [Fact]
    public void UnknownCompressionAttributeIsCorrupt()
    {
        var bytes = BatchBytes.Build(2);
        bytes[RecordBatchHeader.AttributesOffset + 1] |= 6;
        BatchBytes.FixCrc(bytes);
        Assert.Equal(KafkaErrorCode.CorruptMessage, Assert.Throws<ProtocolException>(() => RecordBatchReader.Open(bytes)).ErrorCode);
    }
}
