// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Grains.Producers;
using Granary.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Granary.Grains.Partitions;

/// <summary>Registration of the data-path grains.</summary>
public static class PartitionServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="PartitionGrain"/>, <see cref="ProducerIdGrain"/> and their services. The host must also
    /// register a <see cref="Storage.LogManager"/>, an <see cref="IPartitionDirectory"/> and (for producer ids) an
    /// <see cref="Cluster.IClusterTable"/>.
    /// </summary>
    public static IServiceCollection AddPartitionGrains(this IServiceCollection services, Action<PartitionGrainOptions>? configure = null, Action<ProducerIdOptions>? configureProducerIds = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new PartitionGrainOptions();
        configure?.Invoke(options);
        options.Validate();
        var producerIds = new ProducerIdOptions();
        configureProducerIds?.Invoke(producerIds);
        producerIds.Validate();
        services.TryAddSingleton(options);
        services.TryAddSingleton(producerIds);
        services.TryAddSingleton<PartitionAppendSignal>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddGrain<IPartitionGrain, PartitionGrain>();
        services.AddGrain<IProducerIdGrain, ProducerIdGrain>();
        return services;
    }
}
