// Copyright (c) Granary contributors. Licensed under the MIT License.

using BenchmarkDotNet.Attributes;
using Granary.Runtime;
using Granary.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Granary.Benchmarks.Runtime;

/// <summary>
/// Cost of one grain call through the mailbox against baselines measured in the same run: a direct interface call on
/// the same object, and the hand-rolled alternative (a SemaphoreSlim around the call, hopping to the thread pool).
/// </summary>
[MemoryDiagnoser]
public class GrainCallBenchmarks
{
    private ServiceProvider? _services;
    private GrainReference<ICounterGrain>? _reference;
    private ICounterGrain? _direct;
    private readonly SemaphoreSlim _lock = new(1, 1);

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        services.AddGrainRuntime();
        services.AddGrain<ICounterGrain, CounterGrain>();
        _services = services.BuildServiceProvider();
        _reference = _services.GetRequiredService<IGrainFactory>().GetGrain<ICounterGrain>("bench");
        _reference.InvokeValueTaskAsync(1L, static (g, d) => g.Add(d)).AsTask().GetAwaiter().GetResult();
        _direct = new CounterGrain();
    }

    [GlobalCleanup]
    public void Cleanup() => _services?.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, Description = "direct call (no isolation)")]
    public ValueTask<long> DirectCallAsync() => _direct!.Add(1);

    [Benchmark(Description = "SemaphoreSlim + thread-pool hop")]
    public async Task<long> SemaphoreHopAsync()
    {
        await _lock.WaitAsync();
        try
        {
            await Task.Yield();
            return await _direct!.Add(1);
        }
        finally
        {
            _lock.Release();
        }
    }

    [Benchmark(Description = "grain call, ValueTask method")]
    public ValueTask<long> GrainCallAsync() => _reference!.InvokeValueTaskAsync(1L, static (g, d) => g.Add(d));

    [Benchmark(Description = "grain call, async Task method")]
    public ValueTask<long> GrainCallAsyncMethodAsync() => _reference!.InvokeAsync(1L, static (g, d) => g.AddTask(d));

    [Benchmark(Description = "64 pipelined grain calls", OperationsPerInvoke = 64)]
    public async Task<long> PipelinedGrainCallsAsync()
    {
        var pending = new ValueTask<long>[64];
        for (var i = 0; i < pending.Length; i++)
        {
            pending[i] = _reference!.InvokeValueTaskAsync(1L, static (g, d) => g.Add(d));
        }

        long last = 0;
        foreach (var call in pending)
        {
            last = await call;
        }

        return last;
    }
}
