// Copyright (c) Granary contributors. Licensed under the MIT License.

using Xunit;

namespace Granary.Storage.Tests;

public sealed class LogManagerTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new();

    public void Dispose() => _dir.Dispose();

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>The files this process holds open under the test's directory (Linux: /proc/self/fd).</summary>
    private int OpenFilesUnderDirectory() =>
        new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos()
            .Select(fd =>
            {
                try
                {
                    return fd.LinkTarget;
                }
                catch (IOException)
                {
                    return null;
                }
            })
            .Count(target => target is not null && target.StartsWith(_dir.Path, StringComparison.Ordinal));

    private async Task FillAsync(StorageOptions options, IEnumerable<TopicPartition> partitions, int batches)
    {
        await using var manager = await LogManager.OpenAsync(options, timeProvider: _time, startBackgroundTasks: false);
        foreach (var tp in partitions)
        {
            var log = await manager.GetOrCreateAsync(tp, Guid.NewGuid());
            for (var i = 0; i < batches; i++)
            {
                await log.AppendAsync(TestBatches.Build(4, Now, valueSize: 100, seed: i), 0);
            }

            log.SetHighWatermark(log.LogEndOffset);
        }
    }

    [Fact]
    public async Task Startup_with_many_partitions_opens_no_segment_files()
    {
        var options = new StorageOptions { DataDirectory = _dir.Path };
        var partitions = Enumerable.Range(0, 200).Select(p => new TopicPartition("many", p)).ToList();
        await FillAsync(options, partitions, batches: 2);
        Assert.Equal(0, OpenFilesUnderDirectory());

        await using var manager = await LogManager.OpenAsync(options, timeProvider: _time, startBackgroundTasks: false);
        Assert.Equal(200, manager.Partitions.Count);
        Assert.Empty(manager.Logs);
        Assert.Equal(0, OpenFilesUnderDirectory());
        Assert.True(manager.Contains(new TopicPartition("many", 17)));
        Assert.Null(manager.Get(new TopicPartition("many", 17)));

        // First use opens the log, cleanly, with its data.
        var log = await manager.GetOrCreateAsync(new TopicPartition("many", 17));
        Assert.True(log.OpenedClean);
        Assert.Equal(8, log.LogEndOffset);
        Assert.Equal(8, log.HighWatermark);
        Assert.Single(manager.Logs);
        Assert.True(OpenFilesUnderDirectory() > 0);

        await manager.CloseAsync(new TopicPartition("many", 17));
        Assert.Equal(0, OpenFilesUnderDirectory());
    }

    [Fact]
    public async Task Retention_deletes_expired_segments_of_a_partition_nobody_touched_since_startup()
    {
        var config = new LogConfig { SegmentBytes = 2048, RetentionMs = 3_600_000, FileDeleteDelayMs = 0 };
        var options = new StorageOptions { DataDirectory = _dir.Path, DefaultLogConfig = config };
        var expiring = new TopicPartition("untouched", 0);
        var kept = new TopicPartition("untouched", 1);
        var written = _time.GetUtcNow().UtcDateTime;
        await FillAsync(options, [expiring], batches: 20);
        var expiringDir = Path.Combine(_dir.Path, expiring.DirectoryName);
        var segmentsBefore = Directory.GetFiles(expiringDir, "*.log").Length;
        Assert.True(segmentsBefore > 2);

        // Two hours later (retention.ms is one hour) another partition gets fresh records. The file times say when
        // each segment was last written, in the fake clock's terms.
        _time.Advance(TimeSpan.FromHours(2));
        await FillAsync(options, [kept], batches: 20);
        foreach (var file in Directory.GetFiles(expiringDir, "*.log"))
        {
            File.SetLastWriteTimeUtc(file, written);
        }

        foreach (var file in Directory.GetFiles(Path.Combine(_dir.Path, kept.DirectoryName), "*.log"))
        {
            File.SetLastWriteTimeUtc(file, _time.GetUtcNow().UtcDateTime);
        }

        await using (var manager = await LogManager.OpenAsync(options, timeProvider: _time, startBackgroundTasks: false))
        {
            Assert.Empty(manager.Logs);
            var deleted = await manager.RunRetentionAsync();
            Assert.Equal(segmentsBefore - 1, deleted);

            // The log was opened for the work and closed again; the fresh partition was never opened.
            Assert.Empty(manager.Logs);
            Assert.Equal(0, OpenFilesUnderDirectory());
            Assert.Single(Directory.GetFiles(expiringDir, "*.log"));
            Assert.Equal(0, await manager.RunRetentionAsync());

            var log = await manager.GetOrCreateAsync(expiring);
            Assert.True(log.OpenedClean);
            Assert.Equal(log.SegmentBaseOffsets[0], log.LogStartOffset);
            Assert.True(log.LogStartOffset > 0);
            Assert.Equal(80, log.LogEndOffset);
            var other = await manager.GetOrCreateAsync(kept);
            Assert.Equal(0, other.LogStartOffset);
        }
    }

    [Fact]
    public async Task A_log_opened_for_retention_stays_open_when_a_caller_takes_it_meanwhile()
    {
        var config = new LogConfig { SegmentBytes = 2048, RetentionBytes = 4096, FileDeleteDelayMs = 0 };
        var options = new StorageOptions { DataDirectory = _dir.Path, DefaultLogConfig = config };
        var tp = new TopicPartition("shared", 0);
        await FillAsync(options, [tp], batches: 20);

        await using var manager = await LogManager.OpenAsync(options, timeProvider: _time, startBackgroundTasks: false);
        var retention = manager.RunRetentionAsync();
        var log = await manager.GetOrCreateAsync(tp);
        Assert.True(await retention > 0);
        Assert.Same(log, manager.Get(tp));
        await log.AppendAsync(TestBatches.Build(4, Now, valueSize: 100, seed: 99), 0);
        Assert.Equal(84, log.LogEndOffset);
    }
}
