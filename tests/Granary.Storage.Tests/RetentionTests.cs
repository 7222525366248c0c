// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol;
using Xunit;

namespace Granary.Storage.Tests;

public sealed class RetentionTests : IDisposable
{
    private static readonly TopicPartition Tp = new("retention", 1);
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new();
    private readonly StorageEnvironment _env;

    public RetentionTests() => _env = new StorageEnvironment(timeProvider: _time);

    public void Dispose()
    {
        _env.Dispose();
        _dir.Dispose();
    }

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private async Task<PartitionLog> OpenWithSegmentsAsync(LogConfig config, int batches)
    {
        var log = await PartitionLog.OpenAsync(_dir.Path, Tp, config, _env);
        for (var i = 0; i < batches; i++)
        {
            await log.AppendAsync(TestBatches.Build(4, Now, valueSize: 100, seed: i), 0);
        }

        log.SetHighWatermark(log.LogEndOffset);
        return log;
    }

    [Fact]
    public async Task Segment_ms_rolls_the_active_segment_by_time()
    {
        await using var log = await PartitionLog.OpenAsync(_dir.Path, Tp, new LogConfig { SegmentMs = 60_000 }, _env);
        await log.AppendAsync(TestBatches.Build(1, Now), 0);
        _time.Advance(TimeSpan.FromSeconds(30));
        await log.AppendAsync(TestBatches.Build(1, Now), 0);
        Assert.Equal(1, log.SegmentCount);
        _time.Advance(TimeSpan.FromSeconds(31));
        await log.AppendAsync(TestBatches.Build(1, Now), 0);
        Assert.Equal([0L, 2], log.SegmentBaseOffsets);
    }

    [Fact]
    public async Task Full_index_rolls_the_segment()
    {
        var config = new LogConfig { SegmentIndexBytes = 3 * 8, IndexIntervalBytes = 0 };
        await using var log = await OpenWithSegmentsAsync(config, 12);
        Assert.True(log.SegmentCount >= 3);
    }

    [Fact]
    public async Task Retention_ms_deletes_old_non_active_segments_and_moves_log_start()
    {
        var config = new LogConfig { SegmentBytes = 2048, RetentionMs = 3_600_000, FileDeleteDelayMs = 1000 };
        await using var log = await OpenWithSegmentsAsync(config, 20);
        _time.Advance(TimeSpan.FromHours(2));
        await log.AppendAsync(TestBatches.Build(4, Now), 0);
        log.SetHighWatermark(log.LogEndOffset);
        var segmentsBefore = log.SegmentCount;
        Assert.True(segmentsBefore > 3);
        var deleted = await log.DeleteOldSegmentsAsync();
        Assert.Equal(segmentsBefore - 1, deleted);
        Assert.Equal(log.SegmentBaseOffsets[0], log.LogStartOffset);
        Assert.Equal(80, log.LogStartOffset);

        // Renamed to .deleted first, removed after file.delete.delay.ms.
        Assert.NotEmpty(Directory.GetFiles(log.Directory, "*.deleted"));
        _time.Advance(TimeSpan.FromSeconds(2));
        for (var i = 0; i < 100 && Directory.GetFiles(log.Directory, "*.deleted").Length > 0; i++)
        {
            await Task.Delay(20);
        }

        Assert.Empty(Directory.GetFiles(log.Directory, "*.deleted"));
        var error = Assert.Throws<LogException>(() => log.Read(0, 100, log.HighWatermark));
        Assert.Equal(KafkaErrorCode.OffsetOutOfRange, error.ErrorCode);
        using var read = log.Read(80, 100, log.HighWatermark);
        Assert.Equal(80, read.FirstOffset);
    }

    [Fact]
    public async Task Retention_bytes_keeps_the_newest_segments_within_the_limit()
    {
        var config = new LogConfig { SegmentBytes = 2048, RetentionBytes = 4096, FileDeleteDelayMs = 0 };
        await using var log = await OpenWithSegmentsAsync(config, 40);
        var deleted = await log.DeleteOldSegmentsAsync();
        Assert.True(deleted > 0);
        Assert.True(log.Size >= 4096 - 2048 && log.Size <= 4096 + 2048, $"size {log.Size}");
        Assert.Empty(Directory.GetFiles(log.Directory, "*.deleted"));
    }

    [Fact]
    public async Task Retention_never_deletes_past_the_high_watermark()
    {
        var config = new LogConfig { SegmentBytes = 2048, RetentionMs = 1, FileDeleteDelayMs = 0 };
        await using var log = await OpenWithSegmentsAsync(config, 20);
        log.SetHighWatermark(0);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, await log.DeleteOldSegmentsAsync());
        Assert.Equal(0, log.LogStartOffset);
    }

    [Fact]
    public async Task Delete_records_moves_log_start_and_persists_it()
    {
        var config = new LogConfig { SegmentBytes = 2048, FileDeleteDelayMs = 0 };
        {
            await using var log = await OpenWithSegmentsAsync(config, 20);
            var segments = log.SegmentCount;
            Assert.Equal(37, await log.DeleteRecordsAsync(37));
            Assert.Equal(37, log.LogStartOffset);
            Assert.True(log.SegmentCount < segments);
            var text = await File.ReadAllTextAsync(Path.Combine(log.Directory, PartitionLog.LogStartOffsetCheckpointFileName));
            Assert.Equal("0\n1\nretention 1 37\n", text);
            var error = await Assert.ThrowsAsync<LogException>(() => log.DeleteRecordsAsync(log.HighWatermark + 1));
            Assert.Equal(KafkaErrorCode.OffsetOutOfRange, error.ErrorCode);
            using var read = log.Read(37, 1, log.HighWatermark);
            Assert.True(read.FirstOffset <= 37);
        }

        // Survives even an unclean reopen (the checkpoint is written before the call returns).
        File.Delete(Path.Combine(_dir.Path, Tp.DirectoryName, PartitionLog.CleanShutdownFileName));
        await using var reopened = await PartitionLog.OpenAsync(_dir.Path, Tp, config, _env);
        Assert.Equal(37, reopened.LogStartOffset);
    }

    [Fact]
    public async Task Log_manager_runs_retention_on_its_interval()
    {
        var options = new StorageOptions
        {
            DataDirectory = _dir.Path,
            RetentionCheckIntervalMs = 60_000,
            DefaultLogConfig = new LogConfig { SegmentBytes = 2048, RetentionMs = 1000, FileDeleteDelayMs = 0 },
        };
        await using var manager = await LogManager.OpenAsync(options, timeProvider: _time);
        var log = await manager.GetOrCreateAsync(Tp, Guid.NewGuid());
        for (var i = 0; i < 20; i++)
        {
            await log.AppendAsync(TestBatches.Build(4, Now, valueSize: 100, seed: i), 0);
        }

        log.SetHighWatermark(log.LogEndOffset);
        _time.Advance(TimeSpan.FromSeconds(61));
        for (var i = 0; i < 200 && log.LogStartOffset == 0; i++)
        {
            await Task.Delay(20);
        }

        Assert.True(log.LogStartOffset > 0);
    }
}
