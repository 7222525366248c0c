// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol;
using Granary.Storage.IO;
using Xunit;

namespace Granary.Storage.Tests;

public sealed class FaultTests
{
    [Fact]
    public async Task Disk_full_takes_only_that_partition_offline_and_never_corrupts_it()
    {
        using var dir = new TempDirectory();
        var device = new FaultInjectingStorageDevice(FileStorageDevice.Instance) { PathFilter = p => p.Contains("full-0", StringComparison.Ordinal) };
        using var env = new StorageEnvironment(device);
        await using var full = await PartitionLog.OpenAsync(dir.Path, new TopicPartition("full", 0), null, env);
        await using var healthy = await PartitionLog.OpenAsync(dir.Path, new TopicPartition("healthy", 0), null, env);
        for (var i = 0; i < 5; i++)
        {
            await full.AppendAsync(TestBatches.Build(3, 1, valueSize: 100, seed: i), 0);
        }

        var goodEnd = full.LogEndOffset;
        device.WriteBudget = 150;
        var error = await Assert.ThrowsAsync<LogException>(() => full.AppendAsync(TestBatches.Build(3, 1, valueSize: 100), 0));
        Assert.Equal(KafkaErrorCode.KafkaStorageError, error.ErrorCode);
        Assert.True(full.IsOffline);
        Assert.Equal(KafkaErrorCode.KafkaStorageError, Assert.Throws<LogException>(() => full.Read(0, 100, goodEnd)).ErrorCode);
        Assert.Equal(KafkaErrorCode.KafkaStorageError, (await Assert.ThrowsAsync<LogException>(() => full.AppendAsync(TestBatches.Build(1, 1), 0))).ErrorCode);

        // The other partition keeps working.
        var ok = await healthy.AppendAsync(TestBatches.Build(3, 1), 0);
        Assert.Equal(0, ok.FirstOffset);
        using (var read = healthy.Read(0, 1000, 3))
        {
            Assert.Single(TestBatches.Split(read.ToArray()));
        }

        // After space frees up, the partition reopens with exactly the data written before the error.
        device.WriteBudget = long.MaxValue;
        await full.CloseAsync();
        await using var reopened = await PartitionLog.OpenAsync(dir.Path, new TopicPartition("full", 0), null, env);
        Assert.False(reopened.OpenedClean);
        Assert.Equal(goodEnd, reopened.LogEndOffset);
        Assert.Equal(goodEnd, (await reopened.AppendAsync(TestBatches.Build(1, 1), 0)).FirstOffset);
    }

    [Fact]
    public async Task Failed_fsync_takes_the_partition_offline_and_fails_durability_waiters()
    {
        using var dir = new TempDirectory();
        var device = new FaultInjectingStorageDevice(FileStorageDevice.Instance) { PathFilter = p => p.EndsWith(".log", StringComparison.Ordinal) };
        using var env = new StorageEnvironment(device);
        await using var log = await PartitionLog.OpenAsync(dir.Path, new TopicPartition("fsync", 0), new LogConfig { FlushMessages = 1 }, env);
        device.FailFlush = true;
        var result = await log.AppendAsync(TestBatches.Build(1, 1), 0);
        var error = await Assert.ThrowsAsync<LogException>(() => log.WaitForDurableAsync(result.NextOffset));
        Assert.Equal(KafkaErrorCode.KafkaStorageError, error.ErrorCode);
        Assert.True(log.IsOffline);
    }

    [Fact]
    public async Task Handle_cache_bounds_open_files_across_many_partitions()
    {
        using var dir = new TempDirectory();
        using var env = new StorageEnvironment(maxOpenSegmentFiles: 4);
        var logs = new List<PartitionLog>();
        for (var p = 0; p < 20; p++)
        {
            var log = await PartitionLog.OpenAsync(dir.Path, new TopicPartition("many", p), null, env);
            await log.AppendAsync(TestBatches.Build(2, 1, seed: p), 0);
            logs.Add(log);
        }

        Assert.True(env.Handles.OpenCount <= 4, $"{env.Handles.OpenCount} files open");
        foreach (var log in logs)
        {
            using var read = log.Read(0, 1000, 2);
            Assert.Equal(2, TestBatches.Split(read.ToArray())[0].Header.RecordCount);
        }

        // A lease keeps its file open past the bound; releasing it lets the cache close it.
        var leases = logs.Select(l => l.Read(0, 1000, 2)).ToList();
        Assert.Equal(20, env.Handles.OpenCount);
        leases.ForEach(l => l.Dispose());
        Assert.True(env.Handles.OpenCount <= 4);
        foreach (var log in logs)
        {
            await log.CloseAsync();
        }
    }
}
