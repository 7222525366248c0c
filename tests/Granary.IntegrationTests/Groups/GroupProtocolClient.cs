// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.IntegrationTests.Infrastructure;
using Granary.Protocol.Messages;
using Granary.Protocol.Primitives;
using Xunit;

namespace Granary.IntegrationTests.Groups;

/// <summary>Sends one generated request on its own connection and decodes the generated response.</summary>
internal static class GroupProtocolClient
{
    public static async Task<TResponse> SendAsync<TRequest, TResponse>(int port, short apiKey, short version, short firstFlexibleVersion, TRequest request)
        where TRequest : IKafkaApiMessage
        where TResponse : IKafkaApiMessage, new()
    {
        var flexible = version >= firstFlexibleVersion;
        var body = new KafkaWriter();
        request.Write(body, version);
        await using var connection = await RawKafkaConnection.ConnectAsync(port);
        await connection.SendAsync(RawKafkaConnection.Request(apiKey, version, 11, body.WrittenMemory.Span, flexible));
        var frame = await connection.ReadFrameAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.NotNull(frame);
        var reader = new KafkaReader(frame);
        var header = new ResponseHeader();
        header.Read(ref reader, flexible ? (short)1 : (short)0);
        Assert.Equal(11, header.CorrelationId);
        var response = new TResponse();
        response.Read(ref reader, version);
        Assert.True(reader.IsAtEnd);
        return response;
    }
}
