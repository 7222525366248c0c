// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Text;
using BenchmarkDotNet.Attributes;
using Granary.Streams.Delivery;

namespace Granary.Benchmarks.Streams;

/// <summary>
/// Stream delivery of 100 B events from one partition with 1,000 keys to a trivial handler at MaxConcurrency 64, fed
/// from memory: the delivery engine alone (per-key ordering, commit watermark, backpressure) against the baseline of
/// calling the handler in a plain loop. 100,000 events per operation.
/// </summary>
[MemoryDiagnoser]
public class StreamDeliveryBenchmarks
{
    private const int Events = 100_000;
    private const int Keys = 1_000;
    private StreamRecord[] _records = [];
    private long _handled;

    [GlobalSetup]
    public void Setup()
    {
        var keys = Enumerable.Range(0, Keys).Select(k => Encoding.UTF8.GetBytes("key-" + k)).ToArray();
        var value = new byte[100];
        _records = [.. Enumerable.Range(0, Events).Select(i => new StreamRecord("events", 0, i, keys[i % Keys], value))];
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public async Task PlainLoop()
    {
        foreach (var record in _records)
        {
            await Handle(record, CancellationToken.None);
        }
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public async Task Engine()
    {
        var engine = new PartitionDeliveryEngine(64, 1000, Handle);
        foreach (var record in _records)
        {
            await engine.EnqueueAsync(record);
        }

        await engine.DrainAsync();
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public async Task EngineWithAsyncHandler()
    {
        var engine = new PartitionDeliveryEngine(64, 1000, HandleAsync);
        foreach (var record in _records)
        {
            await engine.EnqueueAsync(record);
        }

        await engine.DrainAsync();
    }

    private ValueTask Handle(StreamRecord record, CancellationToken cancellationToken)
    {
        _handled += record.Offset;
        return ValueTask.CompletedTask;
    }

    private async ValueTask HandleAsync(StreamRecord record, CancellationToken cancellationToken)
    {
        await Task.Yield();
        Interlocked.Add(ref _handled, record.Offset);
    }
}
