// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol;
using Granary.Storage.IO;
using Xunit;

namespace Granary.Storage.Tests;

/// <summary>The fsync of a rolled segment runs off the writer loop; durability must never run ahead of it.</summary>
public sealed class RollFlushTests
{
    private const string FirstSegmentLog = "00000000000000000000.log";

    [Fact]
    public async Task Roll_without_fsync_makes_only_the_rolled_segments_durable()
    {
        using var dir = new TempDirectory();
        var config = new LogConfig { SegmentBytes = 4096, FlushMessages = long.MaxValue };
        await using var log = await PartitionLog.OpenAsync(dir.Path, new TopicPartition("roll", 0), config);
        while (log.SegmentCount < 3)
        {
            await log.AppendAsync(TestBatches.Build(4, 1, valueSize: 200), 0);
        }

        var activeBase = log.SegmentBaseOffsets[^1];
        Assert.True(log.LogEndOffset > activeBase);
        Assert.True(log.DurableOffset <= activeBase, $"durable {log.DurableOffset} past the active segment at {activeBase}");

        // Both roll flushes complete in order; the active segment's data stays unflushed (no flush policy applies).
        await log.WaitForDurableAsync(activeBase).WaitAsync(TimeSpan.FromSeconds(30));
        await log.CheckpointAsync();
        Assert.Equal(activeBase, log.DurableOffset);
        Assert.Equal(activeBase, log.RecoveryPoint);
        Assert.False(log.WaitForDurableAsync(activeBase + 1).IsCompleted);

        var checkpoint = await File.ReadAllTextAsync(Path.Combine(log.Directory, PartitionLog.RecoveryPointCheckpointFileName));
        Assert.Contains($"roll 0 {activeBase}", checkpoint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failed_roll_flush_without_fsync_takes_the_partition_offline()
    {
        using var dir = new TempDirectory();
        var device = new FaultInjectingStorageDevice(FileStorageDevice.Instance) { PathFilter = p => p.EndsWith(FirstSegmentLog, StringComparison.Ordinal) };
        using var env = new StorageEnvironment(device);
        var config = new LogConfig { SegmentBytes = 4096, FlushMessages = long.MaxValue };
        await using var log = await PartitionLog.OpenAsync(dir.Path, new TopicPartition("rollfail", 0), config, env);
        device.FailFlush = true;
        while (log.SegmentCount < 2)
        {
            await log.AppendAsync(TestBatches.Build(4, 1, valueSize: 200), 0);
        }

        var error = await Assert.ThrowsAsync<LogException>(() => log.WaitForDurableAsync(log.SegmentBaseOffsets[^1]).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(KafkaErrorCode.KafkaStorageError, error.ErrorCode);
        Assert.True(log.IsOffline);
        Assert.Equal(0, log.DurableOffset);
        Assert.Equal(KafkaErrorCode.KafkaStorageError, (await Assert.ThrowsAsync<LogException>(() => log.AppendAsync(TestBatches.Build(1, 1), 0))).ErrorCode);
    }

    [Fact]
    public async Task Flush_policy_after_a_roll_reaches_the_log_end_only_once_the_rolled_segment_is_fsynced()
    {
        using var dir = new TempDirectory();
        var config = new LogConfig { SegmentBytes = 4096, FlushMessages = 1 };
        await using var log = await PartitionLog.OpenAsync(dir.Path, new TopicPartition("policy", 0), config);
        LogAppendResult result;
        do
        {
            result = await log.AppendAsync(TestBatches.Build(4, 1, valueSize: 200), 0);
        }
        while (log.SegmentCount < 3);

        await log.WaitForDurableAsync(result.NextOffset).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(log.LogEndOffset, log.DurableOffset);
        Assert.Equal(log.LogEndOffset, log.RecoveryPoint);
    }

    [Fact]
    public async Task Failed_roll_flush_under_a_flush_policy_never_claims_the_active_fsync_and_goes_offline()
    {
        using var dir = new TempDirectory();
        var device = new FaultInjectingStorageDevice(FileStorageDevice.Instance) { PathFilter = p => p.EndsWith(FirstSegmentLog, StringComparison.Ordinal) };
        using var env = new StorageEnvironment(device);
        var config = new LogConfig { SegmentBytes = 4096, FlushMessages = 1 };
        await using var log = await PartitionLog.OpenAsync(dir.Path, new TopicPartition("policyfail", 0), config, env);
        var first = await log.AppendAsync(TestBatches.Build(12, 1, valueSize: 200), 0);
        await log.WaitForDurableAsync(first.NextOffset).WaitAsync(TimeSpan.FromSeconds(30));
        var durableBeforeRoll = log.DurableOffset;
        Assert.Equal(1, log.SegmentCount);

        // From now on only the first segment's fsync fails. The next append rolls: the new active segment's fsync
        // succeeds, but the durable offset must not pass the rolled segment whose flush failed.
        device.FailFlush = true;
        var result = await log.AppendAsync(TestBatches.Build(12, 1, valueSize: 200), 0);
        Assert.Equal(2, log.SegmentCount);

        var error = await Assert.ThrowsAsync<LogException>(() => log.WaitForDurableAsync(result.NextOffset).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(KafkaErrorCode.KafkaStorageError, error.ErrorCode);
        Assert.True(log.IsOffline);

        // What the earlier flush.messages=1 fsync covered stays durable; nothing the new segment holds does.
        Assert.Equal(durableBeforeRoll, log.DurableOffset);
        Assert.True(log.DurableOffset < result.NextOffset);
    }
}
