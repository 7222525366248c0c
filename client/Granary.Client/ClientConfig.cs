// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>Properties shared by producers, consumers and admin clients.</summary>
public class ClientConfig : Config
{
    public ClientConfig()
    {
    }

    public ClientConfig(ClientConfig config)
        : base(config)
    {
    }

    public ClientConfig(IDictionary<string, string> config)
        : base(config)
    {
    }

    public string? BootstrapServers { get => Get("bootstrap.servers"); set => SetObject("bootstrap.servers", value); }

    public string? ClientId { get => Get("client.id"); set => SetObject("client.id", value); }

    public Acks? Acks
    {
        get => Get("acks") switch
        {
            null => null,
            "all" or "-1" => Client.Acks.All,
            "none" or "0" => Client.Acks.None,
            "1" => Client.Acks.Leader,
            var other => (Acks)int.Parse(other, System.Globalization.CultureInfo.InvariantCulture),
        };
        set => SetObject("acks", value);
    }

    public int? MessageMaxBytes { get => GetInt("message.max.bytes"); set => SetObject("message.max.bytes", value); }

    public int? MaxInFlight { get => GetInt("max.in.flight"); set => SetObject("max.in.flight", value); }

    public int? SocketTimeoutMs { get => GetInt("socket.timeout.ms"); set => SetObject("socket.timeout.ms", value); }

    public int? ReconnectBackoffMs { get => GetInt("reconnect.backoff.ms"); set => SetObject("reconnect.backoff.ms", value); }

    public int? ReconnectBackoffMaxMs { get => GetInt("reconnect.backoff.max.ms"); set => SetObject("reconnect.backoff.max.ms", value); }

    public int? MetadataMaxAgeMs { get => GetInt("metadata.max.age.ms"); set => SetObject("metadata.max.age.ms", value); }

    public bool? AllowAutoCreateTopics { get => GetBool("allow.auto.create.topics"); set => SetObject("allow.auto.create.topics", value); }

    public string? ClientRack { get => Get("client.rack"); set => SetObject("client.rack", value); }

    public SecurityProtocol? SecurityProtocol
    {
        get => (SecurityProtocol?)GetEnum(typeof(SecurityProtocol), "security.protocol");
        set => SetObject("security.protocol", value);
    }

    public SaslMechanism? SaslMechanism
    {
        get => (SaslMechanism?)GetEnum(typeof(SaslMechanism), "sasl.mechanism");
        set => SetObject("sasl.mechanism", value);
    }

    public string? SaslUsername { get => Get("sasl.username"); set => SetObject("sasl.username", value); }

    public string? SaslPassword { get => Get("sasl.password"); set => SetObject("sasl.password", value); }

    /// <summary>PEM file of CA certificates the broker certificate must chain to (replaces the system store).</summary>
    public string? SslCaLocation { get => Get("ssl.ca.location"); set => SetObject("ssl.ca.location", value); }

    /// <summary>CA certificates as a PEM string (instead of <see cref="SslCaLocation"/>).</summary>
    public string? SslCaPem { get => Get("ssl.ca.pem"); set => SetObject("ssl.ca.pem", value); }

    /// <summary>PEM file of the client certificate, for brokers with ssl.client.auth=required.</summary>
    public string? SslCertificateLocation { get => Get("ssl.certificate.location"); set => SetObject("ssl.certificate.location", value); }

    public string? SslCertificatePem { get => Get("ssl.certificate.pem"); set => SetObject("ssl.certificate.pem", value); }

    /// <summary>PEM file of the client certificate's private key.</summary>
    public string? SslKeyLocation { get => Get("ssl.key.location"); set => SetObject("ssl.key.location", value); }

    public string? SslKeyPem { get => Get("ssl.key.pem"); set => SetObject("ssl.key.pem", value); }

    /// <summary>Password of an encrypted private key.</summary>
    public string? SslKeyPassword { get => Get("ssl.key.password"); set => SetObject("ssl.key.password", value); }

    /// <summary>Verify the broker certificate (default true).</summary>
    public bool? EnableSslCertificateVerification
    {
        get => GetBool("enable.ssl.certificate.verification");
        set => SetObject("enable.ssl.certificate.verification", value);
    }

    /// <summary>Https (default) also checks the certificate names the broker host; None skips that check.</summary>
    public SslEndpointIdentificationAlgorithm? SslEndpointIdentificationAlgorithm
    {
        get => (SslEndpointIdentificationAlgorithm?)GetEnum(typeof(SslEndpointIdentificationAlgorithm), "ssl.endpoint.identification.algorithm");
        set => SetObject("ssl.endpoint.identification.algorithm", value);
    }

    public string? Debug { get => Get("debug"); set => SetObject("debug", value); }
}
