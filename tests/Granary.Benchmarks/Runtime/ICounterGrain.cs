// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Runtime;

namespace Granary.Benchmarks.Runtime;

public interface ICounterGrain : IGrainWithStringKey
{
    ValueTask<long> Add(long delta);

    Task<long> AddTask(long delta);
}
