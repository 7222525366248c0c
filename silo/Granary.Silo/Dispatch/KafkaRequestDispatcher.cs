// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol;
using Granary.Protocol.Messages;
using Granary.Protocol.Primitives;
using Granary.Silo.Diagnostics;
using Granary.Silo.Network;
using Granary.Silo.Security;

namespace Granary.Silo.Dispatch;

/// <summary>
/// Reads the Kafka request header of each frame, routes by API key to the registered <see cref="IApiHandler"/> and
/// writes the response header (v0, or v1 for flexible versions except ApiVersions, which always answers with v0 so a
/// client that does not yet know our versions can read it).
/// </summary>
public sealed partial class KafkaRequestDispatcher : IFrameDispatcher
{
    private readonly ApiHandlerRegistry _registry;
    private readonly ILogger<KafkaRequestDispatcher> _logger;
    private readonly SiloMetrics? _metrics;
    private readonly TimeProvider _time;

    /// <summary>Creates the dispatcher; without <paramref name="metrics"/> nothing is measured.</summary>
    public KafkaRequestDispatcher(ApiHandlerRegistry registry, ILogger<KafkaRequestDispatcher> logger, SiloMetrics? metrics = null, TimeProvider? time = null)
    {
        _registry = registry;
        _logger = logger;
        _metrics = metrics;
        _time = time ?? TimeProvider.System;
    }

    public ValueTask<FrameResult> DispatchAsync(RequestFrame frame, ClientConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(connection);
        _metrics?.BytesIn(frame.Payload.Length + sizeof(int));
        if (connection.Security is { IsAuthenticated: false } security && (security.ExpectsRawToken || security.IsFailed))
        {
            return ValueTask.FromResult(SaslRawTokens.Handle(security, frame.Payload.Span));
        }

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

        if (connection.Security is { IsAuthenticated: false } && !ConnectionSecurity.IsAllowedBeforeAuthentication(header.ApiKey))
        {
            return ValueTask.FromResult(FrameResult.Close($"API key {header.ApiKey} before SASL authentication"));
        }

        var handler = header.Handler;
        if (header.ApiVersion < handler.MinVersion || header.ApiVersion > handler.MaxVersion)
        {
            LogUnsupportedVersion(connection.ConnectionId, header.ApiKey, header.ApiVersion, handler.MinVersion, handler.MaxVersion);
            return ValueTask.FromResult(header.ApiKey == (short)ApiKey.ApiVersions
                ? FrameResult.Respond(WriteApiVersionsUnsupported(header.CorrelationId, handler))
                : FrameResult.Close($"unsupported version {header.ApiVersion} of API key {header.ApiKey}"));
        }

        var request = new ApiRequest(
            handler.ApiKey, header.ApiVersion, header.CorrelationId, header.ClientId, header.IsFlexible,
            frame.Payload[header.BodyOffset..], connection);
        return HandleAsync(handler, request, header.ResponseHeaderVersion, cancellationToken);
    }

    private async ValueTask<FrameResult> HandleAsync(IApiHandler handler, ApiRequest request, short responseHeaderVersion, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var buffer = new ResponseBuffer();
        try
        {
            var writer = new KafkaWriter(buffer);
            new ResponseHeader { CorrelationId = request.CorrelationId }.Write(writer, responseHeaderVersion);

            var response = new ApiResponse(writer, request.ApiVersion, request.IsFlexible);
            await handler.HandleAsync(request, response, cancellationToken);
            _metrics?.RequestCompleted(request.ApiKey, _time.GetElapsedTime(started));
            if (response.IsSuppressed)
            {
                buffer.Dispose();
                return FrameResult.NoResponse;
            }

            _metrics?.BytesOut(buffer.WrittenCount + sizeof(int));
            return request.Connection.CloseAfterResponse is { } closeReason
                ? FrameResult.RespondAndClose(buffer, closeReason)
                : FrameResult.Respond(buffer);
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
        // Header v0 (key, version, correlation id) is the common prefix of every header version.
        var reader = new KafkaReader(payload);
        var prefix = new RequestHeader();
        prefix.Read(ref reader, 0);
        var apiKey = prefix.RequestApiKey;
        var apiVersion = prefix.RequestApiVersion;
        if (!_registry.TryGet(apiKey, out var handler))
        {
            return new ParsedHeader(apiKey, apiVersion, prefix.CorrelationId, null, false, 0, 0, null);
        }

        if (apiVersion < handler.MinVersion || apiVersion > handler.MaxVersion)
        {
            // The rest of the header's layout depends on a version we do not serve; the correlation id suffices.
            return new ParsedHeader(apiKey, apiVersion, prefix.CorrelationId, null, false, 0, 0, handler);
        }

        var info = ApiHandlerRegistry.CatalogEntry(handler.ApiKey);
        reader = new KafkaReader(payload);
        var header = new RequestHeader();
        header.Read(ref reader, info.RequestHeaderVersion(apiVersion));
        return new ParsedHeader(
            apiKey, apiVersion, header.CorrelationId, header.ClientId, info.IsFlexible(apiVersion), reader.Position,
            info.ResponseHeaderVersion(apiVersion), handler);
    }

    private static ResponseBuffer WriteApiVersionsUnsupported(int correlationId, IApiHandler apiVersions)
    {
        var buffer = new ResponseBuffer();
        var writer = new KafkaWriter(buffer);
        new ResponseHeader { CorrelationId = correlationId }.Write(writer, 0);
        new ApiVersionsResponse
        {
            ErrorCode = (short)KafkaErrorCode.UnsupportedVersion,
            ApiKeys = [new() { ApiKey = (short)ApiKey.ApiVersions, MinVersion = apiVersions.MinVersion, MaxVersion = apiVersions.MaxVersion }],
        }.Write(writer, 0);
        return buffer;
    }

    private readonly record struct ParsedHeader(
        short ApiKey, short ApiVersion, int CorrelationId, string? ClientId, bool IsFlexible, int BodyOffset, short ResponseHeaderVersion,
        IApiHandler? Handler);

    [LoggerMessage(EventId = 200, Level = LogLevel.Warning, Message = "Connection {ConnectionId} from {RemoteEndPoint}: malformed request header ({Detail})")]
    private partial void LogMalformedHeader(string connectionId, string? remoteEndPoint, string detail);

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "Connection {ConnectionId} from {RemoteEndPoint}: unknown API key {ApiKey} (version {ApiVersion})")]
    private partial void LogUnknownApiKey(string connectionId, string? remoteEndPoint, short apiKey, short apiVersion);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information, Message = "Connection {ConnectionId}: API key {ApiKey} version {ApiVersion} is outside the supported range {MinVersion}..{MaxVersion}")]
    private partial void LogUnsupportedVersion(string connectionId, short apiKey, short apiVersion, short minVersion, short maxVersion);

    [LoggerMessage(EventId = 203, Level = LogLevel.Warning, Message = "Connection {ConnectionId}: malformed body for API key {ApiKey} version {ApiVersion} ({Detail})")]
    private partial void LogMalformedBody(string connectionId, ApiKey apiKey, short apiVersion, string detail);
}
