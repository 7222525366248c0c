// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Silo.Security;

/// <summary>A SASL listener's enabled mechanisms (<c>sasl.enabled.mechanisms</c>) and the credentials each checks.</summary>
public sealed class SaslSettings
{
    /// <summary>Enabled mechanism names in configured order (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512).</summary>
    public required IReadOnlyList<string> EnabledMechanisms { get; init; }

    /// <summary>PLAIN users and passwords (the JAAS <c>user_NAME="PASSWORD"</c> options).</summary>
    public IReadOnlyDictionary<string, string> PlainUsers { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Salted SCRAM credentials by mechanism then user.</summary>
    public ScramCredentialStore Scram { get; init; } = new();

    public bool IsEnabled(string mechanism) => EnabledMechanisms.Contains(mechanism, StringComparer.Ordinal);
}
