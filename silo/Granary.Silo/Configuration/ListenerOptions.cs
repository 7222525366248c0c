// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Silo.Configuration;

/// <summary>Where the Kafka listener binds and what address it advertises in Metadata (Kafka: listeners, advertised.listeners).</summary>
public sealed class ListenerOptions
{
    /// <summary>The configuration section (<c>Listener:Host</c>, <c>Listener:Port</c>, ...).</summary>
    public const string SectionName = "Listener";

    /// <summary>IP address (or <c>localhost</c>) to bind; flag <c>--host</c>. Default 127.0.0.1.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>TCP port, 0 for any free port; flag <c>--port</c>. Default 9092.</summary>
    public int Port { get; set; } = 9092;

    /// <summary>Host name clients are told to connect to; defaults to <see cref="Host"/> (or 127.0.0.1 for a wildcard bind).</summary>
    public string? AdvertisedHost { get; set; }

    /// <summary>Port clients are told to connect to; defaults to the bound port.</summary>
    public int? AdvertisedPort { get; set; }
}
