// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Grains.Partitions;
using Granary.Grains.Tests.Partitions;
using Granary.Protocol;
using Xunit;

namespace Granary.Grains.Tests.Producers;

/// <summary>Idempotent produce through a real partition grain and log.</summary>
public sealed class IdempotenceTests
{
    private const long ProducerId = 4000;

    [Fact]
    public async Task A_retried_batch_gets_its_original_offset_and_is_not_appended_twice()
    {
        using var dir = new TempDir();
        await using var harness = await PartitionHarness.StartAsync(dir.Path);
        var grain = harness.Partition();
        var now = harness.Clock.NowMs;

        var first = await grain.AppendAsync(Batches.Build(3, now, ProducerId, 0, 0));
        var second = await grain.AppendAsync(Batches.Build(2, now, ProducerId, 0, 3));
        var retry = await grain.AppendAsync(Batches.Build(3, now, ProducerId, 0, 0));

        Assert.Equal((KafkaErrorCode.None, 0L), (first.ErrorCode, first.BaseOffset));
        Assert.Equal((KafkaErrorCode.None, 3L), (second.ErrorCode, second.BaseOffset));
        Assert.Equal((KafkaErrorCode.None, 0L), (retry.ErrorCode, retry.BaseOffset));
        Assert.Equal(5, (await grain.GetOffsetsAsync()).LogEndOffset);
    }

    [Fact]
    public async Task Out_of_order_batches_are_refused_without_being_appended_and_later_retries_are_still_duplicates()
    {
        // Redpanda's Jepsen bug #3039: after OUT_OF_ORDER_SEQUENCE retries, a retried batch was appended again.
        using var dir = new TempDir();
        await using var harness = await PartitionHarness.StartAsync(dir.Path);
        var grain = harness.Partition();
        var now = harness.Clock.NowMs;
        await grain.AppendAsync(Batches.Build(1, now, ProducerId, 0, 0, prefix: "m0-"));
        await grain.AppendAsync(Batches.Build(1, now, ProducerId, 0, 1, prefix: "m1-"));

        // Batches 3 and 4 arrive before 2 (2 was lost on a dropped connection).
        var gap3 = await grain.AppendAsync(Batches.Build(1, now, ProducerId, 0, 3, prefix: "m3-"));
        var gap4 = await grain.AppendAsync(Batches.Build(1, now, ProducerId, 0, 4, prefix: "m4-"));
        Assert.Equal(KafkaErrorCode.OutOfOrderSequenceNumber, gap3.ErrorCode);
        Assert.Equal(KafkaErrorCode.OutOfOrderSequenceNumber, gap4.ErrorCode);
        Assert.Equal(2, (await grain.GetOffsetsAsync()).LogEndOffset);

        // Retries in every order: old ones are duplicates, the next in line is appended once.
        var retry1 = await grain.AppendAsync(Batches.Build(1, now, ProducerId, 0, 1, prefix: "m1-"));
        var batch2 = await grain.AppendAsync(Batches.Build(1, now, ProducerId, 0, 2, prefix: "m2-"));
        var retry2 = await grain.AppendAsync(Batches.Build(1, now, ProducerId, 0, 2, prefix: "m2-"));
        var batch3 = await grain.AppendAsync(Batches.Build(1, now, ProducerId, 0, 3, prefix: "m3-"));
        var retry0 = await grain.AppendAsync(Batches.Build(1, now, ProducerId, 0, 0, prefix: "m0-"));
        var batch4 = await grain.AppendAsync(Batches.Build(1, now, ProducerId, 0, 4, prefix: "m4-"));
        var retry3 = await grain.AppendAsync(Batches.Build(1, now, ProducerId, 0, 3, prefix: "m3-"));

        Assert.Equal(1, retry1.BaseOffset);
        Assert.Equal(2, batch2.BaseOffset);
        Assert.Equal(2, retry2.BaseOffset);
        Assert.Equal(3, batch3.BaseOffset);
        Assert.Equal(0, retry0.BaseOffset);
        Assert.Equal(4, batch4.BaseOffset);
        Assert.Equal(3, retry3.BaseOffset);
        using var read = await grain.ReadAsync(new PartitionReadRequest(0, 1 << 20));
        Assert.Equal(["m0-0", "m1-0", "m2-0", "m3-0", "m4-0"], Batches.Values(read.Records!.ToArray()).Select(v => v.Value));
    }

    [Fact]
    public async Task Stale_epochs_are_fenced_and_a_new_epoch_starts_at_sequence_zero()
    {
        using var dir = new TempDir();
        await using var harness = await PartitionHarness.StartAsync(dir.Path);
        var grain = harness.Partition();
        var now = harness.Clock.NowMs;
        await grain.AppendAsync(Batches.Build(1, now, ProducerId, 1, 0));

        Assert.Equal(KafkaErrorCode.InvalidProducerEpoch, (await grain.AppendAsync(Batches.Build(1, now, ProducerId, 0, 1))).ErrorCode);
        Assert.Equal(KafkaErrorCode.OutOfOrderSequenceNumber, (await grain.AppendAsync(Batches.Build(1, now, ProducerId, 2, 5))).ErrorCode);
        Assert.Equal(KafkaErrorCode.None, (await grain.AppendAsync(Batches.Build(1, now, ProducerId, 2, 0))).ErrorCode);
        Assert.Equal(KafkaErrorCode.InvalidProducerEpoch, (await grain.AppendAsync(Batches.Build(1, now, ProducerId, 1, 1))).ErrorCode);
        Assert.Equal(KafkaErrorCode.UnknownProducerId, (await grain.AppendAsync(Batches.Build(1, now, ProducerId + 1, 0, 7))).ErrorCode);
        Assert.Equal(2, (await grain.GetOffsetsAsync()).LogEndOffset);
    }

    [Fact]
    public async Task Producer_state_survives_a_clean_restart_through_the_snapshot()
    {
        using var dir = new TempDir();
        await using var harness = await PartitionHarness.StartAsync(dir.Path);
        var now = harness.Clock.NowMs;
        await harness.Partition().AppendAsync(Batches.Build(2, now, ProducerId, 0, 0));
        await harness.Partition().AppendAsync(Batches.Build(2, now, ProducerId, 0, 2));

        await harness.StopForInspectionAsync();
        Assert.True(File.Exists(Path.Combine(dir.Path, "t-0", "producer-state.snapshot")));
        await harness.ReopenAsync();

        var retry = await harness.Partition().AppendAsync(Batches.Build(2, now, ProducerId, 0, 2));
        var gap = await harness.Partition().AppendAsync(Batches.Build(1, now, ProducerId, 0, 9));
        var next = await harness.Partition().AppendAsync(Batches.Build(1, now, ProducerId, 0, 4));
        Assert.Equal((KafkaErrorCode.None, 2L), (retry.ErrorCode, retry.BaseOffset));
        Assert.Equal(KafkaErrorCode.OutOfOrderSequenceNumber, gap.ErrorCode);
        Assert.Equal(4, next.BaseOffset);
    }

    [Fact]
    public async Task Without_a_snapshot_the_state_is_rebuilt_by_replaying_the_log()
    {
        using var dir = new TempDir();
        await using var harness = await PartitionHarness.StartAsync(dir.Path);
        var now = harness.Clock.NowMs;
        await harness.Partition().AppendAsync(Batches.Build(1, now));
        await harness.Partition().AppendAsync(Batches.Build(3, now, ProducerId, 0, 0));
        await harness.Partition().AppendAsync(Batches.Build(1, now, ProducerId, 0, 3));

        await harness.RestartWithoutSnapshotAsync();

        var retry = await harness.Partition().AppendAsync(Batches.Build(3, now, ProducerId, 0, 0));
        var retryLast = await harness.Partition().AppendAsync(Batches.Build(1, now, ProducerId, 0, 3));
        var next = await harness.Partition().AppendAsync(Batches.Build(1, now, ProducerId, 0, 4));
        Assert.Equal((KafkaErrorCode.None, 1L), (retry.ErrorCode, retry.BaseOffset));
        Assert.Equal(4, retryLast.BaseOffset);
        Assert.Equal(5, next.BaseOffset);
    }

    [Fact]
    public async Task Snapshot_and_log_tail_replay_combine_after_a_restart()
    {
        using var dir = new TempDir();
        await using var harness = await PartitionHarness.StartAsync(dir.Path);
        var now = harness.Clock.NowMs;
        await harness.Partition().AppendAsync(Batches.Build(1, now, ProducerId, 0, 0));
        await harness.RestartAsync();                 // snapshot at offset 1
        await harness.Partition().AppendAsync(Batches.Build(1, now, ProducerId, 0, 1));
        await harness.Partition().AppendAsync(Batches.Build(1, now, ProducerId + 1, 0, 0));

        // Keep an old snapshot (offset 1) and lose the newer one: the tail after offset 1 is replayed.
        var snapshot = Path.Combine(dir.Path, "t-0", "producer-state.snapshot");
        await harness.RestartWithoutSnapshotAsync();
        Assert.False(File.Exists(snapshot));

        Assert.Equal(1, (await harness.Partition().AppendAsync(Batches.Build(1, now, ProducerId, 0, 1))).BaseOffset);
        Assert.Equal(2, (await harness.Partition().AppendAsync(Batches.Build(1, now, ProducerId + 1, 0, 0))).BaseOffset);
        Assert.Equal(3, (await harness.Partition().AppendAsync(Batches.Build(1, now, ProducerId, 0, 2))).BaseOffset);
    }
}
