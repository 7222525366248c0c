// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Text;
using Granary.Protocol.Primitives;
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
    public static IReadOnlyList<RecordsField> RecordsOf(GoldenFrame frame)
    {
        // The captured Produce requests are v7 and the Fetch responses v11: both classic (non-flexible) encodings.
        var reader = new KafkaReader(frame.Bytes);
        var fields = new List<RecordsField>();
        if (frame.ApiName == "Produce")
        {
            reader.ReadInt16();
            reader.ReadInt16();
            reader.ReadInt32();
            reader.ReadNullableString(compact: false);
            reader.ReadNullableString(compact: false);
            reader.ReadInt16();
            reader.ReadInt32();
            var topics = reader.ReadArrayLength(compact: false, 6);
            for (var t = 0; t < topics; t++)
            {
                var topic = reader.ReadString();
                var partitions = reader.ReadArrayLength(compact: false, 8);
                for (var p = 0; p < partitions; p++)
                {
                    var partition = reader.ReadInt32();
                    fields.Add(new RecordsField(topic, partition, reader.ReadRecords(compact: false) ?? default));
                }
            }
        }
        else if (frame.ApiName == "FetchResponse")
        {
            reader.ReadInt32();
            reader.ReadInt32();
            reader.ReadInt16();
            reader.ReadInt32();
            var topics = reader.ReadArrayLength(compact: false, 6);
            for (var t = 0; t < topics; t++)
            {
                var topic = reader.ReadString();
                var partitions = reader.ReadArrayLength(compact: false, 8);
                for (var p = 0; p < partitions; p++)
                {
                    var partition = reader.ReadInt32();
                    reader.ReadInt16();
                    reader.ReadInt64();
                    reader.ReadInt64();
                    reader.ReadInt64();
                    var aborted = reader.ReadNullableArrayLength(compact: false, 16);
                    for (var a = 0; a < aborted; a++)
                    {
                        reader.ReadInt64();
                        reader.ReadInt64();
                    }

                    reader.ReadInt32();
                    fields.Add(new RecordsField(topic, partition, reader.ReadRecords(compact: false) ?? default));
                }
            }
        }

        reader.EnsureAtEnd(frame.RelativePath);
        return fields;
    }

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
