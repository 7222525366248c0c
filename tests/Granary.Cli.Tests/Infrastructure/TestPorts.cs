// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Net;
using System.Net.Sockets;

namespace Granary.Cli.Tests.Infrastructure;

/// <summary>Ports for tests that need nothing listening.</summary>
public static class TestPorts
{
    /// <summary>A port that was free a moment ago: bound, then released, so a connect to it is refused.</summary>
    public static int Unused()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
