// Copyright (c) Granary contributors. Licensed under the MIT License.

using BenchmarkDotNet.Attributes;
using Granary.Storage;

namespace Granary.Benchmarks.Storage;

/// <summary>
/// Reads 256 MiB of 16 KiB batches from the page cache through PartitionLog.Read (1 MiB fetches, copied once into
/// a buffer as the Fetch path does), against RandomAccess.Read of the same segment file in 1 MiB chunks.
/// </summary>
public class ReadBenchmarks
{
    private const long TotalBytes = 256L * 1024 * 1024;
    private const int FetchBytes = 1024 * 1024;

    private string _directory = null!;
    private PartitionLog _log = null!;
    private readonly byte[] _buffer = new byte[2 * FetchBytes];

    [GlobalSetup]
    public void Setup()
    {
        _directory = StorageBenchmarkData.NewDirectory("read");
        _log = PartitionLog.OpenAsync(_directory, new TopicPartition("bench", 0), new LogConfig { FlushMessages = long.MaxValue }).GetAwaiter().GetResult();
        var batch = StorageBenchmarkData.BuildBatch(16 * 1024);
        var tasks = new List<Task>();
        for (long written = 0; written < TotalBytes; written += batch.Length)
        {
            tasks.Add(_log.AppendAsync((byte[])batch.Clone(), 0));
        }

        Task.WhenAll(tasks).GetAwaiter().GetResult();
        _log.SetHighWatermark(_log.LogEndOffset);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _log.CloseAsync().GetAwaiter().GetResult();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Returns the bytes read (so the work cannot be elided).</summary>
    [Benchmark]
    public long PartitionLogRead()
    {
        long offset = 0, bytes = 0;
        while (offset < _log.HighWatermark)
        {
            using var read = _log.Read(offset, FetchBytes, _log.HighWatermark);
            read.CopyTo(_buffer);
            bytes += read.Length;
            offset = read.NextOffset;
        }

        return bytes;
    }

    [Benchmark(Baseline = true)]
    public long RawRandomAccessRead()
    {
        using var handle = File.OpenHandle(Path.Combine(_directory, "bench-0", "00000000000000000000.log"));
        long position = 0;
        int read;
        while ((read = RandomAccess.Read(handle, _buffer.AsSpan(0, FetchBytes), position)) > 0)
        {
            position += read;
        }

        return position;
    }
}
