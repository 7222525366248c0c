// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Silo.Configuration;
using Granary.Silo.Dispatch;
using Granary.Silo.Network;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Granary.Silo.Hosting;

public static class SiloServiceCollectionExtensions
{
    /// <summary>Registers the validated settings, the Kafka listener, the dispatcher and every built-in API handler.</summary>
    public static IServiceCollection AddGranarySilo(this IServiceCollection services, SiloSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        services.AddSingleton(Options.Create(settings.Broker));
        services.AddSingleton(Options.Create(settings.Listener));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SiloEndpoint>();
        services.TryAddSingleton<IFrameDispatcher, KafkaRequestDispatcher>();
        services.AddGranaryDataPath(settings);
        services.AddKafkaApiHandlers();
        services.AddHostedService<SiloLifecycleService>();
        return services;
    }
}
