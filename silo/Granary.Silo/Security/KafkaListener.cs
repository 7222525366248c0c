// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Globalization;

namespace Granary.Silo.Security;

/// <summary>
/// One entry of <c>listeners</c>: a named endpoint with its security protocol, the address Metadata advertises for it
/// (<c>advertised.listeners</c>), and its TLS and SASL settings.
/// </summary>
public sealed class KafkaListener
{
    /// <summary>The listener name as configured, upper case (<c>PLAINTEXT</c>, <c>SASL_SSL</c>, <c>INTERNAL</c>...).</summary>
    public required string Name { get; init; }

    public required ListenerSecurityProtocol Protocol { get; init; }

    /// <summary>Bind address: an IP address or <c>localhost</c>; an empty host in <c>listeners</c> binds every interface.</summary>
    public required string Host { get; init; }

    /// <summary>Bound port; 0 in configuration is replaced by a free port before binding.</summary>
    public int Port { get; set; }

    /// <summary>Host clients are told to connect to (from <c>advertised.listeners</c>, else the bind address).</summary>
    public string? AdvertisedHost { get; set; }

    /// <summary>Port clients are told to connect to (from <c>advertised.listeners</c>, else the bound port).</summary>
    public int? AdvertisedPort { get; set; }

    /// <summary>The server certificate and client-auth settings; set exactly when <see cref="IsTls"/>.</summary>
    public TlsSettings? Tls { get; init; }

    /// <summary>Enabled mechanisms and credentials; set exactly when <see cref="IsSasl"/>.</summary>
    public SaslSettings? Sasl { get; init; }

    public bool IsTls => Protocol is ListenerSecurityProtocol.Ssl or ListenerSecurityProtocol.SaslSsl;

    public bool IsSasl => Protocol is ListenerSecurityProtocol.SaslPlaintext or ListenerSecurityProtocol.SaslSsl;

    /// <summary>The advertised host, defaulting to the bind address (127.0.0.1 for a wildcard bind).</summary>
    public string EffectiveAdvertisedHost =>
        AdvertisedHost ?? (Host.Length == 0 || Host == "0.0.0.0" || Host == "::" ? "127.0.0.1" : Host);

    public int EffectiveAdvertisedPort => AdvertisedPort ?? Port;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Name}://{EffectiveAdvertisedHost}:{EffectiveAdvertisedPort}");
}
