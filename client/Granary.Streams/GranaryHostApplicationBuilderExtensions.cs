// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Streams.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>Configuration-bound registration of the Granary client (the Aspire-style <c>builder.AddXxxClient("name")</c>).</summary>
public static class GranaryHostApplicationBuilderExtensions
{
    /// <summary>The configuration section bound to <see cref="GranaryClientOptions"/>.</summary>
    public const string DefaultConfigSectionName = "Granary";

    /// <summary>
    /// Registers the default <see cref="GranaryClient"/>, binding the "Granary" section and then
    /// <c>ConnectionStrings:&lt;connectionName&gt;</c> (which wins), then applying <paramref name="configure"/>.
    /// </summary>
    public static IHostApplicationBuilder AddGranaryClient(this IHostApplicationBuilder builder, string connectionName, Action<GranaryClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(connectionName);
        var configuration = builder.Configuration;
        builder.Services.AddGranaryClient(options =>
        {
            configuration.GetSection(DefaultConfigSectionName).Bind(options);
            if (configuration.GetConnectionString(connectionName) is { Length: > 0 } connectionString)
            {
                options.ApplyConnectionString(connectionString);
            }

            configure?.Invoke(options);
        });
        return builder;
    }

    /// <summary>Adds the "granary" health check (the cluster is reachable and no subscription is failing).</summary>
    public static IHostApplicationBuilder AddGranaryHealthCheck(this IHostApplicationBuilder builder, string name = "granary")
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddHealthChecks().AddCheck<GranaryHealthCheck>(name);
        return builder;
    }
}
