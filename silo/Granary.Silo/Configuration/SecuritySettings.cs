// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Silo.Security;

namespace Granary.Silo.Configuration;

/// <summary>The validated listeners (Kafka's <c>listeners</c> and friends), each with its TLS and SASL settings.</summary>
public sealed class SecuritySettings
{
    public SecuritySettings(IReadOnlyList<KafkaListener> listeners, ScramCredentialStore scram)
    {
        Listeners = listeners;
        Scram = scram;
    }

    /// <summary>The listeners in configured order; the first is the one recorded in the cluster table.</summary>
    public IReadOnlyList<KafkaListener> Listeners { get; }

    /// <summary>SCRAM credentials shared by every SASL listener.</summary>
    public ScramCredentialStore Scram { get; }
}
