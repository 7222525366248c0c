// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Silo.Security;
using Microsoft.AspNetCore.Connections;

namespace Granary.Silo.Network;

/// <summary>
/// The connection set-up step before the frame loop: which listener a Kestrel connection arrived on (tagged by a
/// middleware registered per listener) and, on a SASL listener, a fresh authentication state.
/// </summary>
public static class ListenerConnection
{
    /// <summary>The ConnectionContext.Items key holding the connection's <see cref="KafkaListener"/>.</summary>
    public const string ItemKey = "granary.listener";

    public static ClientConnection Describe(ConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var listener = connection.Items.TryGetValue(ItemKey, out var item) ? item as KafkaListener : null;
        return new ClientConnection(connection.ConnectionId, connection.RemoteEndPoint, connection.LocalEndPoint)
        {
            Listener = listener,
            Security = listener is { IsSasl: true } ? new ConnectionSecurity(listener) : null,
        };
    }

    /// <summary>Before SASL authentication a frame may be at most 512 KiB (Kafka's limit), else socket.request.max.bytes.</summary>
    public static int MaxFrameBytes(ClientConnection connection, int socketRequestMaxBytes)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection.Security is { IsAuthenticated: false }
            ? Math.Min(socketRequestMaxBytes, ConnectionSecurity.MaxUnauthenticatedFrameBytes)
            : socketRequestMaxBytes;
    }
}
