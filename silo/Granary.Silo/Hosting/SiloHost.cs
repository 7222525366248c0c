// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Net;
using System.Net.Sockets;
using Granary.Silo.Configuration;
using Granary.Silo.Network;
using Microsoft.AspNetCore.Connections;

namespace Granary.Silo.Hosting;

/// <summary>
/// Builds a silo host: configuration from appsettings.json, <c>GRANARY_</c> environment variables and the command
/// line (in increasing priority), validated settings, and Kestrel listening with the Kafka connection handler only.
/// </summary>
public static class SiloHost
{
    /// <summary>The prefix of environment variables read as configuration (<c>GRANARY_Broker__num.partitions=3</c>).</summary>
    public const string EnvironmentPrefix = "GRANARY_";

    /// <summary>Creates the builder; throws <see cref="SiloConfigurationException"/> when a setting is invalid.</summary>
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var commandLine = SiloCommandLine.Parse(args);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
        });

        builder.Configuration.AddEnvironmentVariables(EnvironmentPrefix);
        try
        {
            builder.Configuration.AddCommandLine([.. commandLine.RemainingArguments]);
        }
        catch (FormatException ex)
        {
            throw new SiloConfigurationException([$"command line: {ex.Message}"]);
        }

        builder.Configuration.AddInMemoryCollection(commandLine.Entries);

        var settings = SiloSettings.Load(builder.Configuration);
        foreach (var kafkaListener in settings.Security.Listeners.Where(l => l.Port == 0))
        {
            // The cluster table must record the real port before Kestrel binds, so "any free port" is chosen here.
            kafkaListener.Port = FreePort(BindAddress(kafkaListener.Host));
        }

        // The first listener is the one recorded in the cluster table (and SiloEndpoint's bound port).
        var primary = settings.Security.Listeners[0];
        var listener = settings.Listener;
        listener.Host = primary.Host;
        listener.Port = primary.Port;
        listener.AdvertisedHost = primary.AdvertisedHost;
        listener.AdvertisedPort = primary.AdvertisedPort;

        builder.Services.AddGranarySilo(settings);

        // Registered after Kestrel's own factory, so the socket transport's pipes get 64 KiB blocks (see the pool).
        builder.Services.AddSingleton<IMemoryPoolFactory<byte>, LargeBlockMemoryPoolFactory>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxConcurrentConnections = settings.Broker.MaxConnections;
            foreach (var kafkaListener in settings.Security.Listeners)
            {
                kestrel.Listen(BindAddress(kafkaListener.Host), kafkaListener.Port, options => ListenerBinding.Configure(options, kafkaListener));
            }
        });

        return builder;
    }

    private static IPAddress BindAddress(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback : IPAddress.Parse(host);

    private static int FreePort(IPAddress address)
    {
        using var probe = new TcpListener(address, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Builds a ready-to-run silo from command-line arguments.</summary>
    public static WebApplication Build(string[] args) => CreateBuilder(args).Build();
}
