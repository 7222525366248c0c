// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Runtime.Hosting;
using Granary.Runtime.Tests.TestGrains;
using Microsoft.Extensions.DependencyInjection;

namespace Granary.Runtime.Tests;

/// <summary>A real runtime in a real DI container, on a fake clock.</summary>
public sealed class RuntimeHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public RuntimeHarness(Action<GrainCollectionOptions>? collection = null, Action<GrainRuntimeOptions>? runtime = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton(Probe);
        services.AddGrainRuntime(runtime);
        if (collection is not null)
        {
            services.Configure(collection);
        }

        services.AddGrain<ITestGrain, TestGrain>();
        services.AddGrain<IContextGrain, ContextGrain>();
        _services = services.BuildServiceProvider(validateScopes: true);
        Runtime = _services.GetRequiredService<GrainRuntime>();
    }

    public FakeTimeProvider Time { get; } = new();

    public GrainProbe Probe { get; } = new();

    public GrainRuntime Runtime { get; }

    public IServiceProvider Services => _services;

    public GrainReference<ITestGrain> Grain(string key = "a") => Runtime.GetGrain<ITestGrain>(key);

    public async ValueTask DisposeAsync()
    {
        // Bounded: a runtime that cannot stop fails the test (leaking the container) instead of hanging the run.
        await Runtime.StopAsync().WaitAsync(Wait.Limit);
        await _services.DisposeAsync();
    }
}
