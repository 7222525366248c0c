// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Globalization;
using System.Net;
using Granary.Silo.Configuration;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Granary.Silo.Hosting;

/// <summary>The address this silo's Kafka listener is bound to and the one it advertises to clients in Metadata.</summary>
public sealed class SiloEndpoint
{
    private readonly IServer _server;
    private readonly ListenerOptions _listener;

    public SiloEndpoint(IServer server, IOptions<ListenerOptions> listener)
    {
        _server = server;
        _listener = listener.Value;
    }

    /// <summary>The bound port (differs from the configured one when it was 0); valid once the host has started.</summary>
    public int BoundPort
    {
        get
        {
            var addresses = _server.Features.Get<IServerAddressesFeature>()?.Addresses;
            var address = addresses?.FirstOrDefault();
            return address is not null && Uri.TryCreate(address, UriKind.Absolute, out var uri) ? uri.Port : _listener.Port;
        }
    }

    /// <summary>Host name clients should connect to.</summary>
    public string AdvertisedHost =>
        _listener.AdvertisedHost ?? (IPAddress.TryParse(_listener.Host, out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any))
            ? "127.0.0.1"
            : _listener.Host);

    /// <summary>Port clients should connect to.</summary>
    public int AdvertisedPort => _listener.AdvertisedPort ?? BoundPort;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{AdvertisedHost}:{AdvertisedPort}");
}
