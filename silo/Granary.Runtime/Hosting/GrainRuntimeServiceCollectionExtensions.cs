// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Diagnostics.Metrics;
using Granary.Runtime.Execution;
using Granary.Runtime.Placement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Granary.Runtime.Hosting;

/// <summary>Registers the grain runtime and grain classes.</summary>
public static class GrainRuntimeServiceCollectionExtensions
{
    /// <summary>
    /// Adds the runtime (<see cref="GrainRuntime"/>, <see cref="IGrainFactory"/>, the hosted service that stops it,
    /// <see cref="LocalGrainPlacement"/> unless another <see cref="IGrainPlacement"/> is registered). Configure idle
    /// collection with <c>services.Configure&lt;GrainCollectionOptions&gt;(...)</c>.
    /// </summary>
    public static IServiceCollection AddGrainRuntime(this IServiceCollection services, Action<GrainRuntimeOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var runtimeOptions = services.AddOptions<GrainRuntimeOptions>().ValidateOnStart();
        if (configure is not null)
        {
            runtimeOptions.Configure(configure);
        }

        services.AddOptions<GrainCollectionOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GrainRuntimeOptions>, GrainRuntimeOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GrainCollectionOptions>, GrainCollectionOptionsValidator>());
        services.AddLogging();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IGrainPlacement, LocalGrainPlacement>();
        services.TryAddSingleton(static sp => new GrainRuntime(
            sp,
            sp.GetServices<GrainTypeRegistration>(),
            sp.GetRequiredService<IOptions<GrainRuntimeOptions>>().Value,
            sp.GetRequiredService<IOptions<GrainCollectionOptions>>().Value,
            sp.GetRequiredService<IGrainPlacement>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<GrainRuntime>>(),
            sp.GetService<IMeterFactory>()));
        services.TryAddSingleton<IGrainFactory>(static sp => sp.GetRequiredService<GrainRuntime>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, GrainRuntimeHostedService>());
        return services;
    }

    /// <summary>Registers <typeparamref name="TImplementation"/> as the grain class behind <typeparamref name="TInterface"/>.</summary>
    public static IServiceCollection AddGrain<TInterface, TImplementation>(this IServiceCollection services)
        where TInterface : IGrain
        where TImplementation : Grain, TInterface
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(new GrainTypeRegistration(typeof(TInterface), typeof(TImplementation), GrainTypeRegistration.NameOf(typeof(TImplementation))));
        return services;
    }

    /// <summary>Registers a grain class that is called through its own type (<c>GetGrain&lt;TGrain&gt;(key)</c>).</summary>
    public static IServiceCollection AddGrain<TGrain>(this IServiceCollection services)
        where TGrain : Grain, IGrain => services.AddGrain<TGrain, TGrain>();
}
