// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Text;
using Granary.Protocol.Records;

namespace Granary.Protocol.Tests.Golden;

/// <summary>Finds the record batches in golden frames and states what the clients put in them.</summary>
public static class GoldenRecords
{
    public const string HeaderKey = "golden-header";

    /// <summary>The codecs in the order the capture produced them, which is the order a Fetch serves them back.</summary>
    public static readonly CompressionType[] CodecOrder =
        [CompressionType.None, CompressionType.Gzip, CompressionType.Snappy, CompressionType.Lz4, CompressionType.Zstd];

    public static string KeyOf(int i) => $"key-{i}";

    /// <summary>The value of record i: short, then repetitive, so every codec really compresses the batch.</summary>
    public static string ValueOf(int i) => $"golden-{i}" + string.Concat(Enumerable.Repeat(" granary", 16));

    public static CompressionType CodecOf(string label) => label.Split('-')[0] switch
    {
        "none" => CompressionType.None,
        "gzip" => CompressionType.Gzip,
        "snappy" => CompressionType.Snappy,
        "lz4" => CompressionType.Lz4,
        "zstd" => CompressionType.Zstd,
        var other => throw new ArgumentException($"No codec is labelled {other}.", nameof(label)),
    };

    /// <summary>The partitions' records fields of a Produce request frame or a Fetch response frame.</summary>
    public static IReadOnlyList<RecordsField> RecordsOf(GoldenFrame frame) =>
        GoldenDecoder.RecordsOf(GoldenDecoder.Decode(frame, frame.Bytes).Body);

    /// <summary>Splits a records field into its whole batches, CRC-checked by the enumerator.</summary>
    public static IReadOnlyList<byte[]> BatchesOf(ReadOnlySpan<byte> records)
    {
        var batches = new List<byte[]>();
        var enumerator = new RecordBatchEnumerator(records);
        while (enumerator.MoveNext())
        {
            batches.Add(enumerator.Current.Bytes.ToArray());
        }

        if (enumerator.IsIncomplete)
        {
            throw new InvalidDataException($"The records end with a partial batch at {enumerator.Consumed}.");
        }

        return batches;
    }

    public static string Utf8(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);
}
