// Copyright (c) Granary contributors. Licensed under the MIT License.

using BenchmarkDotNet.Attributes;
using Granary.Storage;

namespace Granary.Benchmarks.Storage;

/// <summary>
/// Appends 16 MiB per operation, in groups of 1 MiB (group commit: the group's appends are queued together, so the
/// log writes them with one gathered write and, with fsync, one fsync). The baseline writes the same bytes to the
/// same file system with a FileStream, calling Flush(true) per group when fsyncing. Both roll to a new file at
/// segment.bytes (1 GiB, Kafka's default) and keep their rolled files until the same retention rule deletes them
/// (past 2 GiB, down to retention.bytes), so both leave the same dirty pages for writeback. The log also fsyncs a
/// rolled segment, off its writer loop.
/// </summary>
[MemoryDiagnoser]
public class AppendBenchmarks
{
    private const int BytesPerOperation = 16 * 1024 * 1024;
    private const int GroupBytes = 1024 * 1024;
    private const long RollBytes = 1024L * 1024 * 1024;

    private string _directory = null!;
    private PartitionLog _log = null!;
    private byte[][] _group = null!;
    private FileStream? _raw;
    private int _rawFiles;
    private readonly List<string> _rawKept = [];

    [Params(16 * 1024, 1024 * 1024)]
    public int BatchBytes { get; set; }

    [Params(false, true)]
    public bool Fsync { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = StorageBenchmarkData.NewDirectory("append");
        var batch = StorageBenchmarkData.BuildBatch(BatchBytes);
        _group = Enumerable.Range(0, Math.Max(1, GroupBytes / batch.Length)).Select(_ => (byte[])batch.Clone()).ToArray();
        var config = new LogConfig
        {
            SegmentBytes = (int)RollBytes,
            RetentionBytes = RollBytes,
            FileDeleteDelayMs = 0,
            FlushMessages = Fsync ? 1 : long.MaxValue,
            MaxMessageBytes = 2 * 1024 * 1024,
        };
        _log = PartitionLog.OpenAsync(_directory, new TopicPartition("bench", 0), config).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _log.CloseAsync().GetAwaiter().GetResult();
        _raw?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark]
    public async Task PartitionLogAppend()
    {
        var tasks = new Task<LogAppendResult>[_group.Length];
        for (var written = 0; written < BytesPerOperation; written += _group.Length * _group[0].Length)
        {
            for (var i = 0; i < _group.Length; i++)
            {
                tasks[i] = _log.AppendAsync(_group[i], 0);
            }

            await Task.WhenAll(tasks);
            if (Fsync)
            {
                await _log.WaitForDurableAsync(tasks[^1].Result.NextOffset);
            }
        }

        // Keep the disk footprint bounded the way retention.bytes does in production.
        if (_log.Size > 2 * RollBytes)
        {
            _log.SetHighWatermark(_log.LogEndOffset);
            await _log.DeleteOldSegmentsAsync();
        }
    }

    [Benchmark(Baseline = true)]
    public void RawFileStreamWrite()
    {
        for (var written = 0; written < BytesPerOperation; written += _group.Length * _group[0].Length)
        {
            if (_raw is null || _raw.Length >= RollBytes)
            {
                // Keep the rolled file, as the log keeps its rolled segment: its dirty pages get written back.
                _raw?.Dispose();
                var path = Path.Combine(_directory, "raw-" + _rawFiles++ + ".bin");
                _raw = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1, FileOptions.None);
                _rawKept.Add(path);
            }

            foreach (var batch in _group)
            {
                _raw.Write(batch);
            }

            _raw.Flush(flushToDisk: Fsync);
        }

        // Delete rolled files at the same point, and by the same rule, as the log's retention above.
        var size = _rawKept.Sum(p => p == _raw!.Name ? _raw.Length : RollBytes);
        if (size > 2 * RollBytes)
        {
            while (_rawKept.Count > 1 && size - RollBytes >= RollBytes)
            {
                File.Delete(_rawKept[0]);
                _rawKept.RemoveAt(0);
                size -= RollBytes;
            }
        }
    }
}
