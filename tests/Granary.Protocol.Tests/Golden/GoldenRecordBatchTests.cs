// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol.Records;
using Xunit;

namespace Granary.Protocol.Tests.Golden;

public sealed class GoldenRecordBatchTests
{
    public static TheoryData<string> ProduceFiles() => [.. GoldenCorpus.Produces.Select(frame => frame.RelativePath)];

    public static TheoryData<string> FetchResponseFiles() =>
        [.. GoldenCorpus.All.Where(frame => frame.ApiName == "FetchResponse").Select(frame => frame.RelativePath)];

    [Fact]
    public void TheCorpusHasTwelveProduceRequests() => Assert.Equal(12, ProduceFiles().Count);

    [Theory]
    [MemberData(nameof(ProduceFiles))]
    public void ProducedBatchVerifiesDecompressesAndHoldsTheRecordsTheClientSent(string path)
    {
        var frame = GoldenCorpus.Get(path);
        var field = Assert.Single(GoldenRecords.RecordsOf(frame));
        Assert.Equal(("golden", 0), (field.Topic, field.Partition));
        var batch = Assert.Single(GoldenRecords.BatchesOf(field.Records.Span));

        Assert.Equal(RecordBatchValidation.Valid, RecordBatchHeader.TryRead(batch, out var header));
        Assert.Equal(GoldenRecords.CodecOf(frame.Label!), header.Compression);
        Assert.Equal(GoldenCorpus.RecordsPerBatch, header.RecordCount);
        Assert.Equal(GoldenCorpus.RecordsPerBatch - 1, header.LastOffsetDelta);
        Assert.Equal(frame.Label!.EndsWith("-idempotent", StringComparison.Ordinal), header.ProducerId >= 0);
        if (header.ProducerId >= 0)
        {
            Assert.Equal(0, header.BaseSequence);
            Assert.True(header.ProducerEpoch >= 0);
        }

        using var reader = RecordBatchReader.Open(batch);
        if (header.Compression != CompressionType.None)
        {
            // The values repeat a word, so a codec that did its job left a section smaller than the records.
            Assert.True(batch.Length - RecordBatchHeader.Size < reader.RecordsSection.Length / 2);
        }

        AssertGoldenRecords(reader, header, frame.Client);
    }

    [Theory]
    [MemberData(nameof(ProduceFiles))]
    public void OurBuilderReencodesTheClientsRecordsByteForByte(string path)
    {
        var frame = GoldenCorpus.Get(path);
        var batch = GoldenRecords.BatchesOf(Assert.Single(GoldenRecords.RecordsOf(frame)).Records.Span)[0];
        using var reader = RecordBatchReader.Open(batch);
        var header = reader.Header;

        using var builder = new RecordBatchBuilder(CompressionType.None)
        {
            BaseOffset = header.BaseOffset,
            PartitionLeaderEpoch = header.PartitionLeaderEpoch,
            ProducerId = header.ProducerId,
            ProducerEpoch = header.ProducerEpoch,
            BaseSequence = header.BaseSequence,
            BaseTimestamp = header.BaseTimestamp,
        };
        foreach (var record in reader)
        {
            builder.Append(record);
        }

        var rebuilt = builder.ToArray();
        Assert.Equal(reader.RecordsSection.ToArray(), rebuilt.AsSpan(RecordBatchHeader.Size).ToArray());
        if (header.Compression == CompressionType.None)
        {
            Assert.Equal(batch, rebuilt);
            return;
        }

        // Our compressor need not match the client's bytes, but what it writes must read back to the same records.
        builder.Compression = header.Compression;
        var recompressed = builder.ToArray();
        using var again = RecordBatchReader.Open(recompressed);
        Assert.Equal(reader.RecordsSection.ToArray(), again.RecordsSection.ToArray());
        Assert.Equal(header.Compression, again.Header.Compression);
    }

    [Theory]
    [MemberData(nameof(FetchResponseFiles))]
    public void FetchResponseServesEveryCodecsBatchBackInOffsetOrder(string path)
    {
        var frame = GoldenCorpus.Get(path);
        var field = Assert.Single(GoldenRecords.RecordsOf(frame));
        var batches = GoldenRecords.BatchesOf(field.Records.Span);

        Assert.Equal(GoldenRecords.CodecOrder.Length, batches.Count);
        for (var b = 0; b < batches.Count; b++)
        {
            using var reader = RecordBatchReader.Open(batches[b]);
            Assert.Equal(GoldenRecords.CodecOrder[b], reader.Header.Compression);
            Assert.Equal(b * (long)GoldenCorpus.RecordsPerBatch, reader.Header.BaseOffset);
            AssertGoldenRecords(reader, reader.Header, frame.Client);
        }
    }

    private static void AssertGoldenRecords(RecordBatchReader reader, RecordBatchHeader header, string client)
    {
        var i = 0;
        foreach (var record in reader)
        {
            Assert.Equal(i, record.OffsetDelta);
            Assert.Equal(header.BaseOffset + i, record.Offset);
            Assert.Equal(GoldenRecords.KeyOf(i), GoldenRecords.Utf8(record.Key));
            Assert.Equal(GoldenRecords.ValueOf(i), GoldenRecords.Utf8(record.Value));
            Assert.InRange(record.Timestamp, header.BaseTimestamp, header.MaxTimestamp);
            Assert.Equal(1, record.HeaderCount);
            foreach (var recordHeader in record.Headers)
            {
                Assert.Equal(GoldenRecords.HeaderKey, recordHeader.GetKeyString());
                Assert.Equal(client, GoldenRecords.Utf8(recordHeader.Value));
            }

            i++;
        }

        Assert.Equal(GoldenCorpus.RecordsPerBatch, i);
    }
}
