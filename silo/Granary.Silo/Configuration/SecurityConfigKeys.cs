// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Silo.Configuration;

/// <summary>
/// The listener, TLS and SASL settings (Kafka's names), kept apart from <see cref="BrokerConfigCatalog"/> because
/// some are families (<c>listener.name.NAME.…</c>, <c>scram.credential.MECHANISM.USER</c>) rather than fixed keys.
/// </summary>
public static class SecurityConfigKeys
{
    public const string Listeners = "listeners";
    public const string AdvertisedListeners = "advertised.listeners";
    public const string ProtocolMap = "listener.security.protocol.map";
    public const string EnabledMechanisms = "sasl.enabled.mechanisms";
    public const string JaasConfig = "sasl.jaas.config";
    public const string MaxReauthMs = "connections.max.reauth.ms";
    public const string ListenerPrefix = "listener.name.";
    public const string ScramCredentialPrefix = "scram.credential.";

    /// <summary>Settings that may also be given per listener as <c>listener.name.NAME.KEY</c>.</summary>
    public static readonly IReadOnlySet<string> PerListener = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "ssl.keystore.type", "ssl.keystore.location", "ssl.keystore.password", "ssl.key.password",
        "ssl.keystore.certificate.chain", "ssl.keystore.key", "ssl.truststore.type", "ssl.truststore.location",
        "ssl.truststore.password", "ssl.truststore.certificates", "ssl.client.auth", EnabledMechanisms, JaasConfig,
        "plain." + JaasConfig, "scram-sha-256." + JaasConfig, "scram-sha-512." + JaasConfig,
    };

    private static readonly HashSet<string> Global = new(StringComparer.OrdinalIgnoreCase)
    {
        Listeners, AdvertisedListeners, ProtocolMap, MaxReauthMs,
    };

    /// <summary>True for a listener/TLS/SASL setting name (case-insensitive).</summary>
    public static bool IsSecurityKey(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        name = name.Trim();
        // Mechanism-prefixed JAAS settings exist only under listener.name.NAME., as in Kafka.
        if (Global.Contains(name) || (PerListener.Contains(name) && !name.EndsWith("." + JaasConfig, StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        if (name.StartsWith(ScramCredentialPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (name.StartsWith(ListenerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            var rest = name[ListenerPrefix.Length..];
            var dot = rest.IndexOf('.', StringComparison.Ordinal);
            return dot > 0 && PerListener.Contains(rest[(dot + 1)..]);
        }

        return false;
    }
}
