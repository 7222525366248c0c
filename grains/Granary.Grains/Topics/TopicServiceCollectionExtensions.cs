// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Runtime.Hosting;
using Granary.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Granary.Grains.Topics;

/// <summary>Hosting registration of topic administration.</summary>
public static class TopicServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="TopicOptions"/> (validated on start), <see cref="TopicService"/>, the config resolver, the
    /// partition-log remover (through a <see cref="LogManager"/> when one is registered) and
    /// <see cref="TopicConfigWatcher"/>, which pushes config changes into the open logs. Needs the cluster services.
    /// </summary>
    public static IServiceCollection AddTopics(this IServiceCollection services, Action<TopicOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<TopicOptions>()
            .Configure(options => configure?.Invoke(options))
            .Validate(options =>
            {
                options.Validate();
                return true;
            })
            .ValidateOnStart();
        services.TryAddSingleton<TopicConfigResolver>();
        services.TryAddSingleton<IPartitionLogRemover>(sp => new LogManagerPartitionLogRemover(() => sp.GetService<LogManager>()));
        services.TryAddSingleton<TopicService>();
        services.AddGrain<ITopicGrain, TopicGrain>();
        services.TryAddSingleton(sp => new TopicConfigWatcher(
            sp.GetRequiredService<Granary.Cluster.Membership.IClusterMetadata>(),
            sp.GetRequiredService<TopicConfigResolver>(),
            () => sp.GetService<LogManager>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<TopicConfigWatcher>>()));
        services.AddHostedService(sp => sp.GetRequiredService<TopicConfigWatcher>());
        return services;
    }
}
