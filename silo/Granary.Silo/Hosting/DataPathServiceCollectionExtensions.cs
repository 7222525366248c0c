// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Cluster;
using Granary.Grains.Partitions;
using Granary.Runtime.Hosting;
using Granary.Silo.Configuration;
using Granary.Silo.Dispatch;
using Granary.Silo.FetchSessions;
using Granary.Silo.Handlers;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Granary.Silo.Hosting;

/// <summary>
/// Registers the data path: the log manager, the cluster table, the grain runtime, partition and producer-id grains, and
/// the Produce, Fetch, ListOffsets, DeleteRecords and InitProducerId handlers.
/// </summary>
public static class DataPathServiceCollectionExtensions
{
    public static IServiceCollection AddGranaryDataPath(this IServiceCollection services, SiloSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);

        // Before the grain runtime: hosted services stop in reverse order, so logs close after grains deactivate.
        services.TryAddSingleton<LogManagerService>();
        services.AddHostedService(sp => sp.GetRequiredService<LogManagerService>());
        services.TryAddSingleton(sp => sp.GetRequiredService<LogManagerService>().Manager);
        services.AddSqliteClusterTable(o => o.DataDirectory = settings.Broker.DataDirectory);
        services.AddGrainRuntime();
        services.TryAddSingleton<IPartitionDirectory, ClusterPartitionDirectory>();
        services.AddPartitionGrains(configureProducerIds: o => o.SiloId = settings.Broker.NodeId);
        services.AddApiHandler<ProduceHandler>();
        services.TryAddSingleton<FetchSessionCache>();
        services.AddApiHandler<FetchHandler>();
        services.AddApiHandler<ListOffsetsHandler>();
        services.AddApiHandler<DeleteRecordsHandler>();
        services.AddApiHandler<InitProducerIdHandler>();
        return services;
    }
}
