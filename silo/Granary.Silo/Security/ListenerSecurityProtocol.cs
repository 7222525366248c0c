// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Silo.Security;

/// <summary>Kafka's security protocols, the right-hand side of <c>listener.security.protocol.map</c>.</summary>
public enum ListenerSecurityProtocol
{
    Plaintext,
    Ssl,
    SaslPlaintext,
    SaslSsl,
}
