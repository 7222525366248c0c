// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Silo.Network;

/// <summary>
/// Kafka answers Metadata, FindCoordinator and DescribeCluster with the endpoints of the listener the request came in
/// on. The cluster table records each silo's first listener; for this silo the connection's own listener is used.
/// </summary>
public static class AdvertisedAddress
{
    public static (string Host, int Port) For(ClientConnection connection, int localNodeId, int nodeId, string host, int port)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return nodeId == localNodeId && connection.Listener is { } listener
            ? (listener.EffectiveAdvertisedHost, listener.EffectiveAdvertisedPort)
            : (host, port);
    }
}
