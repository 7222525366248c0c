// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Granary.Silo.Security;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Granary.Silo.Network;

/// <summary>
/// Configures one Kestrel endpoint for a Kafka listener: TLS first when the listener is SSL or SASL_SSL (Kestrel's
/// HTTPS middleware works for raw connection handlers; a failed handshake closes that connection only), then a tag
/// naming the listener, then the Kafka connection handler.
/// </summary>
public static class ListenerBinding
{
    public static void Configure(ListenOptions options, KafkaListener listener)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(listener);
        if (listener.Tls is { } tls)
        {
            options.UseHttps(Https(tls));
        }

        options.Use(next => connection =>
        {
            connection.Items[ListenerConnection.ItemKey] = listener;
            return next(connection);
        });
        options.UseConnectionHandler<KafkaConnectionHandler>();
    }

    private static HttpsConnectionAdapterOptions Https(TlsSettings tls)
    {
        var https = new HttpsConnectionAdapterOptions
        {
            ServerCertificate = tls.Certificate,
            SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            ClientCertificateMode = tls.ClientAuth switch
            {
                TlsClientAuth.Required => ClientCertificateMode.RequireCertificate,
                TlsClientAuth.Requested => ClientCertificateMode.AllowCertificate,
                _ => ClientCertificateMode.NoCertificate,
            },
            HandshakeTimeout = TimeSpan.FromSeconds(10),
        };

        if (tls.Chain.Count > 0)
        {
            https.ServerCertificateChain = tls.Chain;
        }

        if (tls.ClientAuth != TlsClientAuth.None)
        {
            https.ClientCertificateValidation = (certificate, _, _) => IsTrusted(certificate, tls.TrustedCertificates);
        }

        return https;
    }

    /// <summary>Builds the client certificate's chain against the truststore (or the system store when it is empty).</summary>
    private static bool IsTrusted(X509Certificate2 certificate, X509Certificate2Collection trusted)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (trusted.Count > 0)
        {
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(trusted);
        }

        return chain.Build(certificate);
    }
}
