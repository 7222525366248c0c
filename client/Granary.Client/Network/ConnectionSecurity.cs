// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Granary.Client.Configuration;

namespace Granary.Client.Network;

/// <summary>
/// TLS and SASL settings for every connection of a client (librdkafka's security.protocol, sasl.*, ssl.* names),
/// read and checked at Build(): certificate files are loaded then, so a missing file fails early with its property.
/// </summary>
internal sealed record ConnectionSecurity
{
    public static readonly ConnectionSecurity Plaintext = new();

    public SecurityProtocol Protocol { get; init; } = SecurityProtocol.Plaintext;

    /// <summary>PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512.</summary>
    public string Mechanism { get; init; } = "PLAIN";

    public string Username { get; init; } = string.Empty;

    public string Password { get; init; } = string.Empty;

    /// <summary>CAs the broker certificate must chain to (ssl.ca.location / ssl.ca.pem); empty means the system store.</summary>
    public X509Certificate2Collection CaCertificates { get; init; } = [];

    /// <summary>The client certificate for mutual TLS (ssl.certificate.location + ssl.key.location).</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    public bool VerifyCertificate { get; init; } = true;

    /// <summary>ssl.endpoint.identification.algorithm=https: the certificate must name the host connected to.</summary>
    public bool VerifyHostname { get; init; } = true;

    public bool UseTls => Protocol is SecurityProtocol.Ssl or SecurityProtocol.SaslSsl;

    public bool UseSasl => Protocol is SecurityProtocol.SaslPlaintext or SecurityProtocol.SaslSsl;

    /// <summary>Reads the settings; throws ArgumentException naming the property for a bad or unsupported value.</summary>
    public static ConnectionSecurity From(ResolvedConfig config)
    {
        var protocol = (config.GetString("security.protocol") ?? "plaintext").ToLowerInvariant() switch
        {
            "ssl" => SecurityProtocol.Ssl,
            "sasl_plaintext" => SecurityProtocol.SaslPlaintext,
            "sasl_ssl" => SecurityProtocol.SaslSsl,
            _ => SecurityProtocol.Plaintext,
        };

        if (protocol == SecurityProtocol.Plaintext)
        {
            return Plaintext;
        }

        var mechanism = (config.GetString("sasl.mechanisms") ?? "GSSAPI").Trim().ToUpperInvariant();
        var username = config.GetString("sasl.username") ?? string.Empty;
        var password = config.GetString("sasl.password") ?? string.Empty;
        if (protocol is SecurityProtocol.SaslPlaintext or SecurityProtocol.SaslSsl)
        {
            if (mechanism is not ("PLAIN" or "SCRAM-SHA-256" or "SCRAM-SHA-512"))
            {
                throw new ArgumentException(
                    $"Invalid value \"{mechanism}\" for configuration property \"sasl.mechanisms\": Granary.Client supports PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512",
                    nameof(config));
            }

            if (username.Length == 0)
            {
                throw new ArgumentException($"Configuration property \"sasl.username\" must be set for {mechanism} authentication", nameof(config));
            }
        }

        return new ConnectionSecurity
        {
            Protocol = protocol,
            Mechanism = mechanism,
            Username = username,
            Password = password,
            CaCertificates = LoadCa(config),
            ClientCertificate = LoadClientCertificate(config),
            VerifyCertificate = config.GetBoolean("enable.ssl.certificate.verification"),
            VerifyHostname = string.Equals(config.GetString("ssl.endpoint.identification.algorithm"), "https", StringComparison.OrdinalIgnoreCase),
        };
    }

    private static X509Certificate2Collection LoadCa(ResolvedConfig config)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            if (config.GetString("ssl.ca.pem") is { Length: > 0 } pem)
            {
                certificates.ImportFromPem(pem);
            }
            else if (config.GetString("ssl.ca.location") is { Length: > 0 } location)
            {
                if (!File.Exists(location))
                {
                    throw new ArgumentException($"Configuration property \"ssl.ca.location\": file not found: {location}", nameof(config));
                }

                certificates.ImportFromPemFile(location);
            }
        }
        catch (CryptographicException ex)
        {
            throw new ArgumentException($"Configuration property \"ssl.ca.location\"/\"ssl.ca.pem\": cannot read the CA certificates: {ex.Message}", nameof(config), ex);
        }

        return certificates;
    }

    private static X509Certificate2? LoadClientCertificate(ResolvedConfig config)
    {
        var certificatePem = config.GetString("ssl.certificate.pem");
        var keyPem = config.GetString("ssl.key.pem");
        try
        {
            if (certificatePem is null && config.GetString("ssl.certificate.location") is { Length: > 0 } certificateLocation)
            {
                certificatePem = File.Exists(certificateLocation)
                    ? File.ReadAllText(certificateLocation)
                    : throw new ArgumentException($"Configuration property \"ssl.certificate.location\": file not found: {certificateLocation}", nameof(config));
            }

            if (keyPem is null && config.GetString("ssl.key.location") is { Length: > 0 } keyLocation)
            {
                keyPem = File.Exists(keyLocation)
                    ? File.ReadAllText(keyLocation)
                    : throw new ArgumentException($"Configuration property \"ssl.key.location\": file not found: {keyLocation}", nameof(config));
            }

            if (certificatePem is null)
            {
                return null;
            }

            keyPem ??= certificatePem;
            var password = config.GetString("ssl.key.password");
            return string.IsNullOrEmpty(password)
                ? X509Certificate2.CreateFromPem(certificatePem, keyPem)
                : X509Certificate2.CreateFromEncryptedPem(certificatePem, keyPem, password);
        }
        catch (CryptographicException ex)
        {
            throw new ArgumentException($"Configuration property \"ssl.certificate.location\"/\"ssl.key.location\": cannot read the client certificate or key: {ex.Message}", nameof(config), ex);
        }
    }
}
