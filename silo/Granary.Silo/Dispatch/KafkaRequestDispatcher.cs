// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol;
using Granary.Protocol.Primitives;
using Granary.Silo.Network;

namespace Granary.Silo.Dispatch;

/// <summary>
/// Reads the Kafka request header of each frame, routes by API key to the registered <see cref="IApiHandler"/> and
/// writes the response header (v0, or v1 for flexible versions except ApiVersions, which always answers with v0 so a
/// client that does not yet know our versions can read it).
/// </summary>
public sealed partial class KafkaRequestDispatcher : IFrameDispatcher
{
    /// <summary>ApiVersions' key: its unsupported-version answer is defined by the protocol (v0 body, error 35).</summary>
    public const short ApiVersionsKey = 18;

    private readonly ApiHandlerRegistry _registry;
    private readonly ILogger<KafkaRequestDispatcher> _logger;

    public KafkaRequestDispatcher(ApiHandlerRegistry registry, ILogger<KafkaRequestDispatcher> logger)
    {
        _registry = registry;
        _logger = logger;
    }

    public ValueTask<FrameResult> DispatchAsync(RequestFrame frame, ClientConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(connection);
        ParsedHeader header;
        try
        {
            header = ParseHeader(frame.Payload);
        }
        catch (ProtocolException ex)
        {
            LogMalformedHeader(connection.ConnectionId, connection.RemoteEndPoint?.ToString(), ex.Message);
            return ValueTask.FromResult(FrameResult.Close("malformed request header"));
        }

        if (header.Handler is null)
        {
            LogUnknownApiKey(connection.ConnectionId, connection.RemoteEndPoint?.ToString(), header.ApiKey, header.ApiVersion);
            return ValueTask.FromResult(FrameResult.Close($"unknown API key {header.ApiKey}"));
        }

        var handler = header.Handler;
        if (header.ApiVersion < handler.MinVersion || header.ApiVersion > handler.MaxVersion)
        {
            LogUnsupportedVersion(connection.ConnectionId, header.ApiKey, header.ApiVersion, handler.MinVersion, handler.MaxVersion);
            return ValueTask.FromResult(header.ApiKey == ApiVersionsKey
                ? FrameResult.Respond(WriteApiVersionsUnsupported(header.CorrelationId, handler))
                : FrameResult.Close($"unsupported version {header.ApiVersion} of API key {header.ApiKey}"));
        }

        var request = new ApiRequest(
            header.ApiKey, header.ApiVersion, header.CorrelationId, header.ClientId, header.IsFlexible,
            frame.Payload[header.BodyOffset..], connection);
        return HandleAsync(handler, request, cancellationToken);
    }

    private async ValueTask<FrameResult> HandleAsync(IApiHandler handler, ApiRequest request, CancellationToken cancellationToken)
    {
        var buffer = new ResponseBuffer();
        try
        {
            var writer = new KafkaWriter(buffer);
            writer.WriteInt32(request.CorrelationId);
            if (request.IsFlexible && request.ApiKey != ApiVersionsKey)
            {
                writer.WriteUnsignedVarInt(0); // response header v1: no tagged fields
            }

            var response = new ApiResponse(writer, request.ApiVersion, request.IsFlexible);
            await handler.HandleAsync(request, response, cancellationToken);
            if (response.IsSuppressed)
            {
                buffer.Dispose();
                return FrameResult.NoResponse;
            }

            return FrameResult.Respond(buffer);
        }
        catch (ProtocolException ex)
        {
            buffer.Dispose();
            LogMalformedBody(request.Connection.ConnectionId, request.ApiKey, request.ApiVersion, ex.Message);
            return FrameResult.Close("malformed request body");
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    private ParsedHeader ParseHeader(ReadOnlyMemory<byte> payload)
    {
        var reader = new KafkaReader(payload);
        var apiKey = reader.ReadInt16();
        var apiVersion = reader.ReadInt16();
        var correlationId = reader.ReadInt32();
        if (!_registry.TryGet(apiKey, out var handler))
        {
            return new ParsedHeader(apiKey, apiVersion, correlationId, null, false, 0, null);
        }

        if (apiVersion < handler.MinVersion || apiVersion > handler.MaxVersion)
        {
            // The rest of the header's layout depends on a version we do not know; the correlation id suffices.
            return new ParsedHeader(apiKey, apiVersion, correlationId, null, false, 0, handler);
        }

        // Request header v1 (client id) or v2 (client id + tagged fields); the client id stays a classic string.
        var clientId = reader.ReadNullableString(compact: false);
        var flexible = apiVersion >= handler.FirstFlexibleVersion;
        if (flexible)
        {
            var count = reader.ReadTaggedFieldCount();
            var previous = -1;
            for (var i = 0; i < count; i++)
            {
                reader.ReadTaggedFieldHeader(ref previous, out var size);
                reader.ReadRawBytes(size);
            }
        }

        return new ParsedHeader(apiKey, apiVersion, correlationId, clientId, flexible, reader.Position, handler);
    }

    private static ResponseBuffer WriteApiVersionsUnsupported(int correlationId, IApiHandler apiVersions)
    {
        var buffer = new ResponseBuffer();
        var writer = new KafkaWriter(buffer);
        writer.WriteInt32(correlationId);
        writer.WriteInt16((short)KafkaErrorCode.UnsupportedVersion);
        writer.WriteArrayLength(1, compact: false);
        writer.WriteInt16(ApiVersionsKey);
        writer.WriteInt16(apiVersions.MinVersion);
        writer.WriteInt16(apiVersions.MaxVersion);
        return buffer;
    }

    private readonly record struct ParsedHeader(
        short ApiKey, short ApiVersion, int CorrelationId, string? ClientId, bool IsFlexible, int BodyOffset, IApiHandler? Handler);

    [LoggerMessage(EventId = 200, Level = LogLevel.Warning, Message = "Connection {ConnectionId} from {RemoteEndPoint}: malformed request header ({Detail})")]
    private partial void LogMalformedHeader(string connectionId, string? remoteEndPoint, string detail);

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "Connection {ConnectionId} from {RemoteEndPoint}: unknown API key {ApiKey} (version {ApiVersion})")]
    private partial void LogUnknownApiKey(string connectionId, string? remoteEndPoint, short apiKey, short apiVersion);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information, Message = "Connection {ConnectionId}: API key {ApiKey} version {ApiVersion} is outside the supported range {MinVersion}..{MaxVersion}")]
    private partial void LogUnsupportedVersion(string connectionId, short apiKey, short apiVersion, short minVersion, short maxVersion);

    [LoggerMessage(EventId = 203, Level = LogLevel.Warning, Message = "Connection {ConnectionId}: malformed body for API key {ApiKey} version {ApiVersion} ({Detail})")]
    private partial void LogMalformedBody(string connectionId, short apiKey, short apiVersion, string detail);
}
