// Copyright (c) Granary contributors. Licensed under the MIT License.

using BenchmarkDotNet.Attributes;
using Granary.Protocol.Records;

namespace Granary.Benchmarks.Records;

/// <summary>
/// Opening (with CRC check) and iterating an uncompressed batch of 1 KB records, about 1 MiB. The baseline copies the
/// same bytes once, the floor for anything that touches every byte.
/// </summary>
[MemoryDiagnoser]
public class RecordIterationBenchmarks
{
    private byte[] _batch = [];
    private byte[] _copy = [];

    [GlobalSetup]
    public void Setup()
    {
        using var builder = new RecordBatchBuilder();
        var value = BenchmarkData.Json(1000);
        for (var i = 0; i < 1000; i++)
        {
            builder.Append(1_700_000_000_000 + i, BitConverter.GetBytes(i), value, [new RecordHeader("trace", [1, 2, 3, 4])]);
        }

        _batch = builder.ToArray();
        _copy = new byte[_batch.Length];
    }

    [Benchmark(Baseline = true)]
    public int CopyBatch()
    {
        _batch.CopyTo(_copy, 0);
        return _copy[^1];
    }

    [Benchmark]
    public long OpenAndIterate()
    {
        long sum = 0;
        using var reader = RecordBatchReader.Open(_batch);
        foreach (var record in reader)
        {
            sum += record.Offset + record.Key.Length + record.Value.Length + record.HeaderCount;
        }

        return sum;
    }

    [Benchmark]
    public long IterateWithoutCrc()
    {
        long sum = 0;
        using var reader = RecordBatchReader.Open(_batch, verifyCrc: false);
        foreach (var record in reader)
        {
            sum += record.Offset + record.Key.Length + record.Value.Length + record.HeaderCount;
        }

        return sum;
    }
}
