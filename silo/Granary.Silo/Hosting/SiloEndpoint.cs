// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Globalization;
using System.Net;
using Granary.Silo.Configuration;
using Microsoft.Extensions.Options;

namespace Granary.Silo.Hosting;

/// <summary>The address this silo's Kafka listener is bound to and the one it advertises to clients in Metadata.</summary>
public sealed class SiloEndpoint
{
    private readonly ListenerOptions _listener;

    public SiloEndpoint(IOptions<ListenerOptions> listener) => _listener = listener.Value;

    /// <summary>The bound port (a port of 0 in configuration is resolved to a free port before binding).</summary>
    public int BoundPort => _listener.Port;

    /// <summary>Host name clients should connect to.</summary>
    public string AdvertisedHost => AdvertisedHostFor(_listener);

    /// <summary>Port clients should connect to.</summary>
    public int AdvertisedPort => _listener.AdvertisedPort ?? BoundPort;

    /// <summary>The advertised host: the configured one, else the bind address (127.0.0.1 for a wildcard bind).</summary>
    public static string AdvertisedHostFor(ListenerOptions listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        return listener.AdvertisedHost ?? (IPAddress.TryParse(listener.Host, out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any))
            ? "127.0.0.1"
            : listener.Host);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{AdvertisedHost}:{AdvertisedPort}");
}
