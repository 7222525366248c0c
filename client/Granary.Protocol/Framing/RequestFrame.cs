// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers;
using System.Buffers.Binary;
using Granary.Protocol.Messages;
using Granary.Protocol.Primitives;

namespace Granary.Protocol.Framing;

/// <summary>Encodes and decodes whole request frames (header plus body) using the generated catalog.</summary>
public static class RequestFrame
{
    /// <summary>
    /// Reads the API key, API version and correlation id, which every request header version starts with, without
    /// validating them: a broker needs the correlation id to answer even a request whose version it cannot parse
    /// (ApiVersions answers UNSUPPORTED_VERSION that way). Returns false when the frame is shorter than 8 bytes.
    /// </summary>
    public static bool TryPeekHeader(ReadOnlySpan<byte> frame, out short apiKey, out short apiVersion, out int correlationId)
    {
        if (frame.Length < 8)
        {
            apiKey = apiVersion = 0;
            correlationId = 0;
            return false;
        }

        apiKey = BinaryPrimitives.ReadInt16BigEndian(frame);
        apiVersion = BinaryPrimitives.ReadInt16BigEndian(frame[2..]);
        correlationId = BinaryPrimitives.ReadInt32BigEndian(frame[4..]);
        return true;
    }

    /// <summary>
    /// Reads the request header from a frame body (the bytes after the size prefix), choosing the header version from
    /// the API key and version at its front. Unknown keys throw INVALID_REQUEST, unknown versions UNSUPPORTED_VERSION.
    /// </summary>
    public static RequestHeader ReadHeader(ref KafkaReader reader, ReadOnlySpan<byte> frame, out ApiMessageInfo api, out short headerVersion)
    {
        if (frame.Length < 4)
        {
            throw new ProtocolException(KafkaErrorCode.CorruptMessage, "A request frame is too short to hold its API key and version.");
        }

        api = ApiMessages.Get(BinaryPrimitives.ReadInt16BigEndian(frame));
        headerVersion = api.RequestHeaderVersion(BinaryPrimitives.ReadInt16BigEndian(frame[2..]));
        var header = new RequestHeader();
        header.Read(ref reader, headerVersion);
        return header;
    }

    /// <summary>Decodes a whole request frame body. Bytes fields of the body are slices of <paramref name="frame"/>.</summary>
    public static DecodedRequest Read(ReadOnlyMemory<byte> frame)
    {
        var reader = new KafkaReader(frame);
        var header = ReadHeader(ref reader, frame.Span, out var api, out var headerVersion);
        var body = api.CreateRequest();
        body.Read(ref reader, header.RequestApiVersion);
        return new DecodedRequest(header, headerVersion, api, body);
    }

    /// <summary>Writes a size-prefixed request frame.</summary>
    public static void Write(PooledBufferWriter buffer, short apiVersion, int correlationId, string? clientId, IKafkaApiMessage body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var start = FrameWriter.BeginFrame(buffer);
        WriteHeaderAndBody(buffer, apiVersion, correlationId, clientId, body);
        FrameWriter.EndFrame(buffer, start);
    }

    /// <summary>Writes a size-prefixed request frame whose large bytes fields (record batches) stay where they are.</summary>
    public static void Write(SegmentedFrame frame, short apiVersion, int correlationId, string? clientId, IKafkaApiMessage body)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(body);
        frame.BeginFrame();
        WriteHeaderAndBody(frame, apiVersion, correlationId, clientId, body);
        frame.EndFrame();
    }

    private static void WriteHeaderAndBody(IBufferWriter<byte> output, short apiVersion, int correlationId, string? clientId, IKafkaApiMessage body)
    {
        var api = ApiMessages.Get(body.ApiKey);
        var header = new RequestHeader
        {
            RequestApiKey = (short)body.ApiKey,
            RequestApiVersion = apiVersion,
            CorrelationId = correlationId,
            ClientId = clientId,
        };
        var writer = new KafkaWriter(output);
        header.Write(writer, api.RequestHeaderVersion(apiVersion));
        body.Write(writer, apiVersion);
    }
}
