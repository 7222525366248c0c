// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace Granary.Streams.Hosting;

/// <summary>Returned by AddGranaryStreams, to add handlers fluently.</summary>
public sealed class GranaryStreamsBuilder(string name, IServiceCollection services)
{
    public string Name { get; } = name;

    public IServiceCollection Services { get; } = services;

    public GranaryStreamsBuilder AddStreamHandler<THandler>()
        where THandler : class
    {
        Services.AddStreamHandler<THandler>();
        return this;
    }

    public GranaryStreamsBuilder AddStreamHandlers(Assembly assembly)
    {
        Services.AddStreamHandlers(assembly);
        return this;
    }
}
