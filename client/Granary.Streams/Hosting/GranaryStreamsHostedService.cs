// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Streams.Handlers;
using Granary.Streams.Providers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Granary.Streams.Hosting;

/// <summary>Starts the implicit-subscription handlers of every provider with the host, and stops every subscription with it.</summary>
internal sealed class GranaryStreamsHostedService : IHostedService
{
    private readonly IServiceProvider _services;
    private readonly List<StreamHandlerHost> _hosts = [];
    private readonly List<GranaryStreamProvider> _providers = [];
    private int _started;

    public GranaryStreamsHostedService(IServiceProvider services) => _services = services;

    public static GranaryStreamProvider CreateProvider(IServiceProvider services, string name)
    {
        var options = services.GetRequiredService<IOptionsMonitor<GranaryStreamsOptions>>().Get(name);
        var client = options.ClientName is null ? services.GetRequiredService<GranaryClient>() : services.GetRequiredKeyedService<GranaryClient>(options.ClientName);
        return new GranaryStreamProvider(name, client, options, services.GetService<TimeProvider>(), services.GetService<ILoggerFactory>());
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // One hosted service is registered per AddGranaryStreams call; the first one does the work for all providers.
        if (Interlocked.Exchange(ref _started, 1) != 0 || _hosts.Count > 0)
        {
            return;
        }

        var registrations = _services.GetServices<StreamHandlerRegistration>().ToList();
        foreach (var name in _services.GetServices<GranaryStreamsProviderName>().Select(n => n.Name).Distinct())
        {
            var provider = _services.GetRequiredKeyedService<GranaryStreamProvider>(name);
            _providers.Add(provider);
            var host = new StreamHandlerHost(provider, registrations, _services);
            _hosts.Add(host);
            await host.StartAsync().ConfigureAwait(false);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var provider in _providers)
        {
            await provider.DisposeAsync().ConfigureAwait(false);
        }
    }
}
