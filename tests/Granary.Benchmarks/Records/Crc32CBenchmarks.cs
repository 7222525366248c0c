// Copyright (c) Granary contributors. Licensed under the MIT License.

using BenchmarkDotNet.Attributes;
using Granary.Protocol;

namespace Granary.Benchmarks.Records;

/// <summary>CRC-32C over 1 MiB: the three-lane implementation against one crc32 chain.</summary>
[MemoryDiagnoser]
public class Crc32CBenchmarks
{
    private readonly byte[] _data = new byte[1024 * 1024];

    [GlobalSetup]
    public void Setup() => new Random(1).NextBytes(_data);

    [Benchmark(Baseline = true)]
    public uint SingleLane() => ~Crc32C.AppendSingleLane(~0u, _data);

    [Benchmark]
    public uint ThreeLanes() => Crc32C.Compute(_data);
}
