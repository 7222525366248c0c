// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Security.Cryptography.X509Certificates;

namespace Granary.Silo.Security;

/// <summary>A TLS listener's certificate (with its private key), the chain sent with it, and client authentication.</summary>
public sealed class TlsSettings
{
    public required X509Certificate2 Certificate { get; init; }

    /// <summary>Intermediate certificates sent after <see cref="Certificate"/>.</summary>
    public X509Certificate2Collection Chain { get; init; } = [];

    public TlsClientAuth ClientAuth { get; init; } = TlsClientAuth.None;

    /// <summary>The CAs client certificates must chain to (<c>ssl.truststore.*</c>); empty means the system store.</summary>
    public X509Certificate2Collection TrustedCertificates { get; init; } = [];
}
