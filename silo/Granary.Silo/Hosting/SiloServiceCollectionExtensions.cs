// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Diagnostics.Metrics;
using Granary.Cluster;
using Granary.Grains.Topics;
using Granary.Silo.Configuration;
using Granary.Silo.Diagnostics;
using Granary.Silo.Dispatch;
using Granary.Silo.Handlers;
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
        services.AddSingleton(settings.Security);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SiloEndpoint>();
        services.AddMetrics();
        services.TryAddSingleton(sp => new SiloMetrics(sp.GetService<IMeterFactory>()));
        services.TryAddSingleton<IFrameDispatcher, KafkaRequestDispatcher>();
        var broker = settings.Broker;
        services.AddSqliteClusterTable(table => table.DataDirectory = broker.DataDirectory);
        services.AddClusterMembership(membership =>
        {
            membership.SiloId = broker.NodeId;
            membership.Host = SiloEndpoint.AdvertisedHostFor(settings.Listener);
            membership.Port = settings.Listener.AdvertisedPort ?? settings.Listener.Port;
            membership.Rack = broker.BrokerRack;
            membership.HeartbeatInterval = TimeSpan.FromMilliseconds(broker.BrokerHeartbeatIntervalMs);
            membership.SessionTimeout = TimeSpan.FromMilliseconds(broker.BrokerSessionTimeoutMs);
        });
        services.AddGranaryDataPath(settings);

        // After the data path: the topic config watcher starts once the log manager has opened the logs.
        services.AddTopics(topics => BrokerTopicDefaults.Apply(broker, topics));
        services.AddConsumerGroupHandlers(broker);
        services.AddKafkaApiHandlers();
        services.AddHostedService<SiloLifecycleService>();
        return services;
    }
}
