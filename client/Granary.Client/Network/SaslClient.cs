// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Text;
using Granary.Protocol;
using Granary.Protocol.Messages;

namespace Granary.Client.Network;

/// <summary>
/// Authenticates a freshly negotiated connection: SaslHandshake v1 then SaslAuthenticate (the KIP-152 flow), PLAIN in
/// one round trip, SCRAM in two. A rejection is a non-retriable KafkaException with SaslAuthenticationFailed.
/// </summary>
internal static class SaslClient
{
    public static async Task AuthenticateAsync(KafkaConnection connection, ConnectionSecurity security, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var handshakeVersion = connection.Versions.Pick(ApiKey.SaslHandshake, 1, 1);
        var handshake = await connection.SendAsync<SaslHandshakeResponse>(
            new SaslHandshakeRequest { Mechanism = security.Mechanism }, handshakeVersion, timeout, cancellationToken).ConfigureAwait(false);
        if (handshake.ErrorCode != 0)
        {
            throw new KafkaException(new Error(
                (ErrorCode)handshake.ErrorCode,
                $"SASL handshake with {connection.Address} failed: mechanism {security.Mechanism} is not enabled (broker offers {string.Join(", ", handshake.Mechanisms)})"));
        }

        var version = connection.Versions.Pick(ApiKey.SaslAuthenticate, 2);
        if (security.Mechanism == "PLAIN")
        {
            await ExchangeAsync(connection, Encoding.UTF8.GetBytes($"\0{security.Username}\0{security.Password}"), version, timeout, cancellationToken).ConfigureAwait(false);
            return;
        }

        var scram = new ScramClient(security.Mechanism, security.Username, security.Password);
        var serverFirst = await ExchangeAsync(connection, Encoding.UTF8.GetBytes(scram.ClientFirst), version, timeout, cancellationToken).ConfigureAwait(false);
        var clientFinal = scram.ClientFinal(Encoding.UTF8.GetString(serverFirst.Span));
        var serverFinal = await ExchangeAsync(connection, Encoding.UTF8.GetBytes(clientFinal), version, timeout, cancellationToken).ConfigureAwait(false);
        scram.VerifyServerFinal(Encoding.UTF8.GetString(serverFinal.Span));
    }

    private static async Task<ReadOnlyMemory<byte>> ExchangeAsync(KafkaConnection connection, byte[] token, short version, TimeSpan timeout, CancellationToken cancellationToken)
    {
        SaslAuthenticateResponse response;
        try
        {
            response = await connection.SendAsync<SaslAuthenticateResponse>(
                new SaslAuthenticateRequest { AuthBytes = token }, version, timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (KafkaException ex) when (ex.Error.Code == ErrorCode.Local_Transport)
        {
            throw new KafkaException(new Error(ErrorCode.SaslAuthenticationFailed, $"SASL authentication with {connection.Address} failed: the broker closed the connection"), ex);
        }

        if (response.ErrorCode != 0)
        {
            var code = response.ErrorCode == (short)KafkaErrorCode.SaslAuthenticationFailed ? ErrorCode.SaslAuthenticationFailed : (ErrorCode)response.ErrorCode;
            throw new KafkaException(new Error(code, $"SASL authentication error: {response.ErrorMessage ?? code.ToString()}"));
        }

        return response.AuthBytes;
    }
}
