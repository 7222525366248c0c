// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Silo.Handlers;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Granary.Silo.Dispatch;

public static class ApiHandlerServiceCollectionExtensions
{
    /// <summary>Registers one API handler (a singleton); ApiVersions starts advertising its versions.</summary>
    public static IServiceCollection AddApiHandler<THandler>(this IServiceCollection services)
        where THandler : class, IApiHandler
    {
        services.TryAddSingleton<THandler>();
        services.AddSingleton<IApiHandler>(sp => sp.GetRequiredService<THandler>());
        return services;
    }

    /// <summary>Registers the registry and the built-in handlers.</summary>
    public static IServiceCollection AddKafkaApiHandlers(this IServiceCollection services)
    {
        services.TryAddSingleton<ApiHandlerRegistry>();
        services.AddApiHandler<ApiVersionsHandler>();
        services.AddApiHandler<MetadataHandler>();
        services.AddApiHandler<CreateTopicsHandler>();
        services.AddApiHandler<DeleteTopicsHandler>();
        services.AddApiHandler<CreatePartitionsHandler>();
        services.AddApiHandler<DescribeConfigsHandler>();
        services.AddApiHandler<AlterConfigsHandler>();
        services.AddApiHandler<IncrementalAlterConfigsHandler>();
        services.AddApiHandler<DescribeClusterHandler>();
        services.AddApiHandler<SaslHandshakeHandler>();
        services.AddApiHandler<SaslAuthenticateHandler>();
        return services;
    }
}
