// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Runtime.InteropServices;
using Granary.Protocol.Framing;
using Granary.Protocol.Messages;
using Granary.Protocol.Primitives;
using Granary.Protocol.Records;

namespace Granary.Protocol.Tests.Golden;

/// <summary>
/// Decodes an untrusted frame the way a broker (or, for a Fetch response, a consumer) would: the header at the
/// version the API key and version imply, the body with the generated type, then every record batch the message
/// carries, decompressed under a bound, with every record and record header walked.
/// </summary>
public static class GoldenDecoder
{
    /// <summary>A decoded frame: its header, its body, and the header version used.</summary>
    public sealed record Decoded(IKafkaMessage Header, short HeaderVersion, IKafkaApiMessage Body);

    /// <summary>The catalog entry for an API key; an unknown key is the peer's error (INVALID_REQUEST), not ours.</summary>
    public static ApiMessageInfo InfoOf(short apiKey) => ApiMessages.Get(apiKey);

    /// <summary>Decodes a request frame through the product path a broker uses, dispatching on its key and version.</summary>
    public static Decoded DecodeRequest(ReadOnlyMemory<byte> frame)
    {
        var request = RequestFrame.Read(frame);
        return new Decoded(request.Header, request.HeaderVersion, request.Body);
    }

    /// <summary>Decodes a response frame to a request of <paramref name="apiKey"/> at <paramref name="version"/>, as a client matching correlation ids does.</summary>
    public static Decoded DecodeResponse(ReadOnlyMemory<byte> frame, ApiKey apiKey, short version)
    {
        var body = ResponseFrame.Read(frame, apiKey, version, out var header);
        return new Decoded(header, ApiMessages.Get(apiKey).ResponseHeaderVersion(version), body);
    }

    /// <summary>Decodes a golden frame's bytes as what its file name says it is.</summary>
    public static Decoded Decode(GoldenFrame frame, ReadOnlyMemory<byte> bytes) =>
        frame.IsResponse
            ? DecodeResponse(bytes, Enum.Parse<ApiKey>(frame.ApiName[..^"Response".Length]), frame.Version)
            : DecodeRequest(bytes);

    /// <summary>Re-encodes a decoded frame: header then body, at the versions it was read with.</summary>
    public static byte[] Encode(Decoded decoded, short version)
    {
        var writer = new KafkaWriter();
        decoded.Header.Write(writer, decoded.HeaderVersion);
        decoded.Body.Write(writer, version);
        return writer.WrittenMemory.ToArray();
    }

    /// <summary>The partitions' records fields of a decoded Produce request or Fetch response.</summary>
    public static IReadOnlyList<RecordsField> RecordsOf(IKafkaApiMessage body) => body switch
    {
        ProduceRequest produce =>
            [.. produce.TopicData.SelectMany(topic => topic.PartitionData.Select(partition =>
                new RecordsField(topic.Name, partition.Index, partition.Records ?? default)))],
        FetchResponse fetch =>
            [.. fetch.Responses.SelectMany(topic => topic.Partitions.Select(partition =>
                new RecordsField(topic.Topic, partition.PartitionIndex, partition.Records ?? default)))],
        _ => [],
    };

    /// <summary>Decodes everything in <paramref name="bytes"/>; returns the number of records and record headers walked.</summary>
    /// <exception cref="ProtocolException">The bytes are malformed; the only exception decoding may throw.</exception>
    public static int DecodeFully(GoldenFrame frame, byte[] bytes, int maxUncompressedBytes)
    {
        var decoded = Decode(frame, bytes);
        var count = 0;
        foreach (var field in RecordsOf(decoded.Body))
        {
            count += DecodeRecords(field.Records.Span, maxUncompressedBytes);
        }

        return count;
    }

    /// <summary>Opens every batch of a records field and walks its records and their headers; returns how many.</summary>
    public static int DecodeRecords(ReadOnlySpan<byte> records, int maxUncompressedBytes)
    {
        var count = 0;
        var batches = new RecordBatchEnumerator(records);
        while (batches.MoveNext())
        {
            if (batches.Current.IsLegacy)
            {
                continue;
            }

            using var reader = RecordBatchReader.Open(batches.Current.Bytes, maxUncompressedBytes);
            foreach (var record in reader)
            {
                foreach (var _ in record.Headers)
                {
                    count++;
                }

                count++;
            }
        }

        return count;
    }

    /// <summary>Where each record batch sits inside the frame, for mutations that keep a batch's CRC valid.</summary>
    public static IReadOnlyList<(int Start, int Length)> BatchRegions(GoldenFrame frame)
    {
        var regions = new List<(int, int)>();
        foreach (var field in RecordsOf(Decode(frame, frame.Bytes).Body))
        {
            if (!MemoryMarshal.TryGetArray(field.Records, out var segment))
            {
                continue;
            }

            var batches = new RecordBatchEnumerator(field.Records.Span);
            while (batches.MoveNext())
            {
                regions.Add((segment.Offset + batches.Current.Position, batches.Current.Bytes.Length));
            }
        }

        return regions;
    }
}
