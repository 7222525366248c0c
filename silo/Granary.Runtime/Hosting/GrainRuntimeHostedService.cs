// Copyright (c) Granary contributors. Licensed under the MIT License.

using Microsoft.Extensions.Hosting;

namespace Granary.Runtime.Hosting;

/// <summary>Ties the runtime to the host: resolving it on start begins idle collection; host stop deactivates every grain.</summary>
public sealed class GrainRuntimeHostedService(GrainRuntime runtime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => runtime.StopAsync(cancellationToken);
}
