// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers;
using Granary.Silo.Network;

namespace Granary.Silo.Security;

/// <summary>
/// The SaslHandshake v0 exchange: each frame is a bare SASL token and each answer a bare token (Kafka 0.10.0's
/// framing, still accepted by Kafka's brokers). A failure closes the connection without an answer, as Kafka does.
/// </summary>
internal static class SaslRawTokens
{
    public static FrameResult Handle(ConnectionSecurity security, ReadOnlySpan<byte> token)
    {
        if (security.IsFailed)
        {
            return FrameResult.Close("SASL authentication failed");
        }

        var step = security.Authenticate(token);
        if (step.Status == SaslStepStatus.Failed)
        {
            return FrameResult.Close("SASL authentication failed");
        }

        var buffer = new ResponseBuffer();
        buffer.Write(step.Challenge);
        return FrameResult.Respond(buffer);
    }
}
