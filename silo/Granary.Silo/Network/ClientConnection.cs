// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Net;

namespace Granary.Silo.Network;

/// <summary>What the transport knows about the peer of a connection.</summary>
public sealed record ClientConnection(string ConnectionId, EndPoint? RemoteEndPoint, EndPoint? LocalEndPoint);
