// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Cluster.Controller;
using Granary.Cluster.Membership;
using Granary.Cluster.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Granary.Cluster;

/// <summary>Registration of the cluster table, membership and controller.</summary>
public static class ClusterServiceCollectionExtensions
{
    /// <summary>Registers <see cref="SqliteClusterTable"/> as the <see cref="IClusterTable"/> (options validated on start).</summary>
    public static IServiceCollection AddSqliteClusterTable(this IServiceCollection services, Action<SqliteClusterTableOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<SqliteClusterTableOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteClusterTableOptions>, SqliteClusterTableOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SqliteClusterTable>();
        services.TryAddSingleton<IClusterTable>(sp => sp.GetRequiredService<SqliteClusterTable>());
        return services;
    }

    /// <summary>
    /// Registers the local silo's membership (<see cref="SiloMembershipService"/>, also as <see cref="IClusterMembership"/>),
    /// the metadata cache (<see cref="ClusterMetadataService"/>, also as <see cref="IClusterMetadata"/>) and the
    /// <see cref="ControllerService"/>, all as hosted services. Needs an <see cref="IClusterTable"/>.
    /// </summary>
    public static IServiceCollection AddClusterMembership(this IServiceCollection services, Action<ClusterMembershipOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<ClusterMembershipOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClusterMembershipOptions>, ClusterMembershipOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SiloMembershipService>();
        services.TryAddSingleton<IClusterMembership>(sp => sp.GetRequiredService<SiloMembershipService>());
        services.TryAddSingleton<ClusterMetadataService>();
        services.TryAddSingleton<IClusterMetadata>(sp => sp.GetRequiredService<ClusterMetadataService>());
        services.TryAddSingleton<ControllerService>();
        services.AddHostedService(sp => sp.GetRequiredService<SiloMembershipService>());
        services.AddHostedService(sp => sp.GetRequiredService<ClusterMetadataService>());
        services.AddHostedService(sp => sp.GetRequiredService<ControllerService>());
        return services;
    }
}
