// Copyright (c) Granary contributors. Licensed under the MIT License.

// SaslAuthenticate (API key 36), versions 0-2.
//   v0: auth_bytes in and out, error code and message.   v1: + session_lifetime_ms (0: connections.max.reauth.ms
//   is not implemented, so a session never expires).   v2: flexible.
// A failed exchange answers SASL_AUTHENTICATION_FAILED with a message that does not say whether the user or the
// password was wrong, then closes the connection. Without a prior SaslHandshake: ILLEGAL_SASL_STATE, then close.

using Granary.Protocol;
using Granary.Protocol.Messages;
using Granary.Silo.Dispatch;
using Granary.Silo.Security;

namespace Granary.Silo.Handlers;

public sealed partial class SaslAuthenticateHandler : ApiHandler<SaslAuthenticateRequest, SaslAuthenticateResponse>
{
    private readonly ILogger<SaslAuthenticateHandler> _logger;

    public SaslAuthenticateHandler(ILogger<SaslAuthenticateHandler> logger) => _logger = logger;

    public override ApiKey ApiKey => ApiKey.SaslAuthenticate;

    public override short MinVersion => 0;

    public override short MaxVersion => 2;

    protected override ValueTask<SaslAuthenticateResponse?> HandleAsync(SaslAuthenticateRequest request, ApiRequest context, CancellationToken cancellationToken)
    {
        var connection = context.Connection;
        if (connection.Security is not { } security || security.Mechanism is null || security.ExpectsRawToken)
        {
            connection.CloseAfterResponse = "SaslAuthenticate without a SaslHandshake";
            return RespondAsync(KafkaErrorCode.IllegalSaslState, "SaslAuthenticate must follow a successful SaslHandshake v1.");
        }

        var step = security.Authenticate(request.AuthBytes.Span);
        switch (step.Status)
        {
            case SaslStepStatus.Continue:
                return ValueTask.FromResult<SaslAuthenticateResponse?>(new SaslAuthenticateResponse { AuthBytes = step.Challenge });
            case SaslStepStatus.Complete:
                LogAuthenticated(connection.ConnectionId, connection.RemoteEndPoint?.ToString(), step.AuthenticatedUser, security.Mechanism, security.Listener.Name);
                return ValueTask.FromResult<SaslAuthenticateResponse?>(new SaslAuthenticateResponse { AuthBytes = step.Challenge });
            default:
                LogFailed(connection.ConnectionId, connection.RemoteEndPoint?.ToString(), security.Mechanism, security.Listener.Name);
                connection.CloseAfterResponse = "SASL authentication failed";
                return RespondAsync(KafkaErrorCode.SaslAuthenticationFailed,
                    $"Authentication failed during authentication due to invalid credentials with SASL mechanism {security.Mechanism}");
        }
    }

    private static ValueTask<SaslAuthenticateResponse?> RespondAsync(KafkaErrorCode error, string message) =>
        ValueTask.FromResult<SaslAuthenticateResponse?>(new SaslAuthenticateResponse { ErrorCode = (short)error, ErrorMessage = message, AuthBytes = Array.Empty<byte>() });

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Connection {ConnectionId} from {RemoteEndPoint} authenticated as User:{User} with {Mechanism} on listener {Listener}")]
    private partial void LogAuthenticated(string connectionId, string? remoteEndPoint, string? user, string? mechanism, string listener);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "Connection {ConnectionId} from {RemoteEndPoint}: {Mechanism} authentication failed on listener {Listener}")]
    private partial void LogFailed(string connectionId, string? remoteEndPoint, string? mechanism, string listener);
}
