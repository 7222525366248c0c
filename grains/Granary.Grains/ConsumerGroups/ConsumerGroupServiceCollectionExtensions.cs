// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Granary.Grains.ConsumerGroups;

/// <summary>Hosting registration of the group coordinator's settings.</summary>
public static class ConsumerGroupServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ConsumerGroupOptions"/> (validated when the host starts, naming any bad key and its range)
    /// and <see cref="TimeProvider.System"/> unless another clock is registered.
    /// </summary>
    public static IServiceCollection AddConsumerGroups(this IServiceCollection services, Action<ConsumerGroupOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<ConsumerGroupOptions>()
            .Configure(options => configure?.Invoke(options))
            .Validate(options =>
            {
                options.Validate();
                return true;
            })
            .ValidateOnStart();
        return services;
    }

    /// <summary>
    /// Registers <see cref="ConsumerGroupGrain"/> (with <see cref="AddConsumerGroups"/>), the group registry and, unless
    /// another is registered, the cluster-table <see cref="IOffsetsTopicProvisioner"/>. The host must also register
    /// the grain runtime and partition grains (the offsets are stored in <c>__consumer_offsets</c> partitions).
    /// </summary>
    public static IServiceCollection AddConsumerGroupGrains(this IServiceCollection services, Action<ConsumerGroupOptions>? configure = null)
    {
        services.AddConsumerGroups(configure);
        services.TryAddSingleton<ConsumerGroupRegistry>();
        services.TryAddSingleton<ConsumerGroupDiscovery>();
        services.TryAddSingleton<IOffsetsTopicProvisioner, ClusterOffsetsTopicProvisioner>();
        services.AddGrain<IConsumerGroupGrain, ConsumerGroupGrain>();
        return services;
    }
}
