// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Runtime;

namespace Granary.Benchmarks.Runtime;

public sealed class CounterGrain : Grain, ICounterGrain
{
    private long _total;

    public ValueTask<long> Add(long delta) => ValueTask.FromResult(_total += delta);

    public async Task<long> AddTask(long delta)
    {
        await Task.Yield();
        return _total += delta;
    }
}
