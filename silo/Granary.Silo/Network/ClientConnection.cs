// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Net;
using Granary.Silo.Security;

namespace Granary.Silo.Network;

/// <summary>What the transport knows about the peer of a connection.</summary>
public sealed record ClientConnection(string ConnectionId, EndPoint? RemoteEndPoint, EndPoint? LocalEndPoint)
{
    /// <summary>The listener the connection arrived on (null for in-process callers that bypass Kestrel).</summary>
    public KafkaListener? Listener { get; init; }

    /// <summary>The SASL state on a SASL listener; null on PLAINTEXT and SSL listeners.</summary>
    public ConnectionSecurity? Security { get; init; }

    /// <summary>
    /// Set by a handler whose response must be the connection's last (a failed SASL exchange): the dispatcher sends
    /// the response and then closes.
    /// </summary>
    public string? CloseAfterResponse { get; set; }
}
