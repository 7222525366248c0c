// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol.Messages;
using Granary.Protocol.Primitives;

namespace Granary.Protocol.Framing;

/// <summary>Encodes and decodes whole response frames; the caller knows the API and version it asked with.</summary>
public static class ResponseFrame
{
    /// <summary>Writes a size-prefixed response frame with the header version the catalog prescribes.</summary>
    public static void Write(PooledBufferWriter buffer, short apiVersion, int correlationId, IKafkaApiMessage body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var api = ApiMessages.Get(body.ApiKey);
        var start = FrameWriter.BeginFrame(buffer);
        var writer = new KafkaWriter(buffer);
        new ResponseHeader { CorrelationId = correlationId }.Write(writer, api.ResponseHeaderVersion(apiVersion));
        body.Write(writer, apiVersion);
        FrameWriter.EndFrame(buffer, start);
    }

    /// <summary>Decodes a response frame body (the bytes after the size prefix).</summary>
    public static IKafkaApiMessage Read(ReadOnlyMemory<byte> frame, ApiKey apiKey, short apiVersion, out ResponseHeader header)
    {
        var api = ApiMessages.Get(apiKey);
        var reader = new KafkaReader(frame);
        header = new ResponseHeader();
        header.Read(ref reader, api.ResponseHeaderVersion(apiVersion));
        var body = api.CreateResponse();
        body.Read(ref reader, apiVersion);
        return body;
    }
}
