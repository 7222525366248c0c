// Copyright (c) Granary contributors. Licensed under the MIT License.

using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Granary.Storage;

namespace Granary.Benchmarks.Storage;

/// <summary>
/// Opening 1,000 partitions after a clean shutdown (goal: under 1 s). Startup only lists the partition directories;
/// the second benchmark also opens every log (each open is O(1): no scan), as when every partition grain activates.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5, invocationCount: 1)]
public class OpenBenchmarks
{
    private const int Partitions = 1000;
    private string _directory = null!;
    private LogManager? _manager;

    [GlobalSetup]
    public void Setup()
    {
        _directory = StorageBenchmarkData.NewDirectory("open");
        var options = new StorageOptions { DataDirectory = _directory };
        var manager = LogManager.OpenAsync(options, startBackgroundTasks: false).GetAwaiter().GetResult();
        var batch = StorageBenchmarkData.BuildBatch(16 * 1024);
        Parallel.For(0, Partitions, new ParallelOptions { MaxDegreeOfParallelism = 8 }, p =>
        {
            var log = manager.GetOrCreateAsync(new TopicPartition("topic", p)).GetAwaiter().GetResult();
            for (var i = 0; i < 4; i++)
            {
                log.AppendAsync((byte[])batch.Clone(), 0).GetAwaiter().GetResult();
            }
        });
        manager.CloseAsync().GetAwaiter().GetResult();
    }

    [IterationCleanup]
    public void CloseManager()
    {
        _manager?.CloseAsync().GetAwaiter().GetResult();
        _manager = null;
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [Benchmark(Baseline = true)]
    public int StartWithThousandPartitions()
    {
        _manager = LogManager.OpenAsync(new StorageOptions { DataDirectory = _directory }, startBackgroundTasks: false).GetAwaiter().GetResult();
        return _manager.Partitions.Count;
    }

    [Benchmark]
    public int OpenThousandPartitionLogs()
    {
        _manager = LogManager.OpenAsync(new StorageOptions { DataDirectory = _directory }, startBackgroundTasks: false).GetAwaiter().GetResult();
        var manager = _manager;
        Parallel.ForEachAsync(manager.Partitions, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount) }, async (tp, _) =>
        {
            if (!(await manager.GetOrCreateAsync(tp).ConfigureAwait(false)).OpenedClean)
            {
                throw new InvalidOperationException("A partition needed recovery after a clean shutdown.");
            }
        }).GetAwaiter().GetResult();
        return manager.Logs.Count;
    }
}
