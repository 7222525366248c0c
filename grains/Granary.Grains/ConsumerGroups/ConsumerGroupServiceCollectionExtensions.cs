// Copyright (c) Granary contributors. Licensed under the MIT License.

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
}
