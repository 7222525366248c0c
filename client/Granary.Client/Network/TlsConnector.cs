// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Granary.Client.Network;

/// <summary>Wraps a connected socket's stream in TLS, verifying the broker as librdkafka does.</summary>
internal static class TlsConnector
{
    public static async Task<SslStream> AuthenticateAsync(Stream inner, BrokerAddress address, ConnectionSecurity security, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var ssl = new SslStream(inner, leaveInnerStreamOpen: false);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = address.Host,
            RemoteCertificateValidationCallback = (_, certificate, chain, errors) => Verify(certificate, chain, errors, security),
        };

        if (security.ClientCertificate is { } client)
        {
            options.ClientCertificates = [client];
            options.LocalCertificateSelectionCallback = (_, _, _, _, _) => client;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await ssl.AuthenticateAsClientAsync(options, deadline.Token).ConfigureAwait(false);
            return ssl;
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            var reason = ex is OperationCanceledException ? $"timed out after {timeout.TotalMilliseconds:0} ms" : ex.Message;
            throw new KafkaException(new Error(ErrorCode.Local_Ssl, $"SSL handshake with {address} failed: {reason}"), ex);
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static bool Verify(X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors, ConnectionSecurity security)
    {
        if (!security.VerifyCertificate)
        {
            return true;
        }

        if (certificate is not X509Certificate2 server || (security.VerifyHostname && errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch)))
        {
            return false;
        }

        if (security.CaCertificates.Count == 0)
        {
            return !errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors);
        }

        // ssl.ca.location replaces the system store, as in librdkafka.
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(security.CaCertificates);
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(server);
    }
}
