// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Streams.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Granary clients and stream providers.</summary>
public static class GranaryServiceCollectionExtensions
{
    /// <summary>Registers the default <see cref="GranaryClient"/> (options validated when the host starts).</summary>
    public static IServiceCollection AddGranaryClient(this IServiceCollection services, Action<GranaryClientOptions>? configure = null) =>
        services.AddGranaryClient(Options.Options.DefaultName, configure);

    /// <summary>Registers a named <see cref="GranaryClient"/>, resolved as a keyed service under <paramref name="name"/>.</summary>
    public static IServiceCollection AddGranaryClient(this IServiceCollection services, string name, Action<GranaryClientOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);
        var builder = services.AddOptions<GranaryClientOptions>(name);
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        builder.Validate(o => !o.Validate().Any(), "Granary client options are invalid").ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GranaryClientOptions>, GranaryClientOptionsValidator>());
        if (name == Options.Options.DefaultName)
        {
            services.TryAddSingleton(sp => new GranaryClient(sp.GetRequiredService<IOptionsMonitor<GranaryClientOptions>>().Get(name)));
        }

        services.TryAddKeyedSingleton(name, (sp, _) => name == Options.Options.DefaultName
            ? sp.GetRequiredService<GranaryClient>()
            : new GranaryClient(sp.GetRequiredService<IOptionsMonitor<GranaryClientOptions>>().Get(name)));
        return services;
    }

    /// <summary>
    /// Registers a stream provider named <paramref name="name"/>: resolve it with
    /// <c>GetRequiredKeyedService&lt;IStreamProvider&gt;(name)</c> (the first one registered is also the unkeyed
    /// IStreamProvider). Implicit-subscription handlers are added on the returned builder.
    /// </summary>
    public static GranaryStreamsBuilder AddGranaryStreams(this IServiceCollection services, string name, Action<GranaryStreamsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var builder = services.AddOptions<GranaryStreamsOptions>(name);
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        builder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GranaryStreamsOptions>, GranaryStreamsOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddKeyedSingleton<Granary.Streams.Providers.GranaryStreamProvider>(name, (sp, _) => GranaryStreamsHostedService.CreateProvider(sp, name));
        services.AddKeyedSingleton<Granary.Streams.IStreamProvider>(name, (sp, key) => sp.GetRequiredKeyedService<Granary.Streams.Providers.GranaryStreamProvider>(key));
        services.TryAddSingleton<Granary.Streams.IStreamProvider>(sp => sp.GetRequiredKeyedService<Granary.Streams.IStreamProvider>(name));
        services.AddSingleton(new GranaryStreamsProviderName(name));
        services.AddHostedService<GranaryStreamsHostedService>();
        return new GranaryStreamsBuilder(name, services);
    }

    /// <summary>Adds an implicit-subscription handler class (for every provider unless its attribute names one).</summary>
    public static IServiceCollection AddStreamHandler<THandler>(this IServiceCollection services)
        where THandler : class
    {
        ArgumentNullException.ThrowIfNull(services);
        foreach (var registration in Granary.Streams.Handlers.StreamHandlerRegistration.For(typeof(THandler)))
        {
            services.AddSingleton(registration);
        }

        return services;
    }

    /// <summary>Adds every implicit-subscription handler class of an assembly.</summary>
    public static IServiceCollection AddStreamHandlers(this IServiceCollection services, System.Reflection.Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(services);
        foreach (var registration in Granary.Streams.Handlers.StreamHandlerRegistration.Scan(assembly))
        {
            services.AddSingleton(registration);
        }

        return services;
    }
}
