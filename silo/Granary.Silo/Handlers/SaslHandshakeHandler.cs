// Copyright (c) Granary contributors. Licensed under the MIT License.

// SaslHandshake (API key 17), versions 0-1.
//   v0: after a successful handshake the client sends raw SASL tokens, each framed by a 4-byte size only (no Kafka
//       request header), and the server answers the same way; the dispatcher handles those frames.
//   v1: the tokens travel in SaslAuthenticate requests.
// The response lists the listener's enabled mechanisms. An unsupported mechanism answers UNSUPPORTED_SASL_MECHANISM
// and closes the connection, as Kafka does. On a listener without SASL, or a second handshake, ILLEGAL_SASL_STATE.

using Granary.Protocol;
using Granary.Protocol.Messages;
using Granary.Silo.Dispatch;

namespace Granary.Silo.Handlers;

public sealed class SaslHandshakeHandler : ApiHandler<SaslHandshakeRequest, SaslHandshakeResponse>
{
    public override ApiKey ApiKey => ApiKey.SaslHandshake;

    public override short MinVersion => 0;

    public override short MaxVersion => 1;

    protected override ValueTask<SaslHandshakeResponse?> HandleAsync(SaslHandshakeRequest request, ApiRequest context, CancellationToken cancellationToken)
    {
        if (context.Connection.Security is not { } security)
        {
            return ValueTask.FromResult<SaslHandshakeResponse?>(new SaslHandshakeResponse { ErrorCode = (short)KafkaErrorCode.IllegalSaslState });
        }

        var error = security.Handshake(request.Mechanism, context.ApiVersion);
        if (error != KafkaErrorCode.None)
        {
            context.Connection.CloseAfterResponse = $"SASL handshake failed with {error} (mechanism '{request.Mechanism}')";
        }

        return ValueTask.FromResult<SaslHandshakeResponse?>(new SaslHandshakeResponse
        {
            ErrorCode = (short)error,
            Mechanisms = [.. security.EnabledMechanisms],
        });
    }
}
