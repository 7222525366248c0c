// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Grains.Partitions;
using Granary.Protocol;
using Granary.Protocol.Records;
using Granary.Storage;
using Xunit;

namespace Granary.Grains.Tests.Partitions;

public sealed class PartitionGrainTests
{
    [Fact]
    public async Task Appends_assign_consecutive_offsets_and_reads_return_them_up_to_the_high_watermark()
    {
        using var dir = new TempDir();
        await using var harness = await PartitionHarness.StartAsync(dir.Path);
        var grain = harness.Partition();
        var now = harness.Clock.NowMs;

        var first = await grain.AppendAsync(Batches.Build(3, now, prefix: "a"), -1);
        var second = await grain.AppendAsync(Batches.Build(2, now, compression: CompressionType.Gzip, prefix: "b"), 1);

        Assert.Equal(KafkaErrorCode.None, first.ErrorCode);
        Assert.Equal(0, first.BaseOffset);
        Assert.Equal(3, second.BaseOffset);
        Assert.Equal(-1, first.LogAppendTime);
        var offsets = await grain.GetOffsetsAsync();
        Assert.Equal(5, offsets.LogEndOffset);

        // acks=1 answered before the fsync; the HighWatermark follows once it is durable.
        await WaitForAsync(async () => (await grain.GetOffsetsAsync()).HighWatermark == 5);
        using var read = await grain.ReadAsync(new PartitionReadRequest(0, 1 << 20));
        Assert.Equal(KafkaErrorCode.None, read.ErrorCode);
        var values = Batches.Values(read.Records!.ToArray());
        Assert.Equal([(0L, "a0"), (1L, "a1"), (2L, "a2"), (3L, "b0"), (4L, "b1")], values);

        using var tail = await grain.ReadAsync(new PartitionReadRequest(5, 1 << 20));
        Assert.Null(tail.Records);
        using var beyond = await grain.ReadAsync(new PartitionReadRequest(6, 1 << 20));
        Assert.Equal(KafkaErrorCode.OffsetOutOfRange, beyond.ErrorCode);
    }

    [Fact]
    public async Task Unknown_partitions_answer_unknown_topic_or_partition()
    {
        using var dir = new TempDir();
        await using var harness = await PartitionHarness.StartAsync(dir.Path);

        var append = await harness.Partition("missing", 0).AppendAsync(Batches.Build(1, harness.Clock.NowMs));
        var beyondCount = await harness.Partition("t", 1).AppendAsync(Batches.Build(1, harness.Clock.NowMs));
        using var read = await harness.Partition("missing", 0).ReadAsync(new PartitionReadRequest(0, 100));

        Assert.Equal(KafkaErrorCode.UnknownTopicOrPartition, append.ErrorCode);
        Assert.Equal(KafkaErrorCode.UnknownTopicOrPartition, beyondCount.ErrorCode);
        Assert.Equal(KafkaErrorCode.UnknownTopicOrPartition, read.ErrorCode);
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "missing-0")));
    }

    [Fact]
    public async Task Invalid_batches_are_refused_with_kafkas_error_codes_and_never_appended()
    {
        using var dir = new TempDir();
        var directory = new TestDirectory();
        directory.Set("t", 1, LogConfig.Default with { MaxMessageBytes = 2000 }, timestampDifferenceMaxMs: 60_000);
        await using var harness = await PartitionHarness.StartAsync(dir.Path, directory);
        var grain = harness.Partition();
        var now = harness.Clock.NowMs;

        var corrupt = Batches.Build(2, now);
        corrupt[^1] ^= 0xFF;
        var magic1 = Batches.Build(1, now);
        magic1[RecordBatchHeader.MagicOffset] = 1;
        var two = Batches.Build(1, now).Concat(Batches.Build(1, now)).ToArray();

        Assert.Equal(KafkaErrorCode.CorruptMessage, (await grain.AppendAsync(corrupt)).ErrorCode);
        Assert.Equal(KafkaErrorCode.UnsupportedForMessageFormat, (await grain.AppendAsync(magic1)).ErrorCode);
        Assert.Equal(KafkaErrorCode.MessageTooLarge, (await grain.AppendAsync(Batches.Build(100, now, prefix: new string('x', 50)))).ErrorCode);
        Assert.Equal(KafkaErrorCode.InvalidTimestamp, (await grain.AppendAsync(Batches.Build(1, now - 3_600_000))).ErrorCode);
        Assert.Equal(KafkaErrorCode.InvalidRecord, (await grain.AppendAsync(two)).ErrorCode);
        Assert.Equal(KafkaErrorCode.InvalidRecord, (await grain.AppendAsync(Array.Empty<byte>())).ErrorCode);
        Assert.Equal(KafkaErrorCode.InvalidRequiredAcks, (await grain.AppendAsync(Batches.Build(1, now), 2)).ErrorCode);
        Assert.Equal(KafkaErrorCode.CorruptMessage, (await grain.AppendAsync(Batches.Build(1, now)[..30])).ErrorCode);

        Assert.Equal(0, (await grain.GetOffsetsAsync()).LogEndOffset);
        Assert.Equal(KafkaErrorCode.None, (await grain.AppendAsync(Batches.Build(1, now))).ErrorCode);
    }

    [Fact]
    public async Task Log_append_time_topics_stamp_the_broker_clock()
    {
        using var dir = new TempDir();
        var directory = new TestDirectory();
        directory.Set("t", 1, LogConfig.Default with { MessageTimestampType = TimestampType.LogAppendTime }, timestampDifferenceMaxMs: 1);
        await using var harness = await PartitionHarness.StartAsync(dir.Path, directory);

        // The difference check applies to CreateTime only, so an old timestamp is fine here.
        var result = await harness.Partition().AppendAsync(Batches.Build(2, 5));

        Assert.Equal(KafkaErrorCode.None, result.ErrorCode);
        Assert.Equal(harness.Clock.NowMs, result.LogAppendTime);
        using var read = await harness.Partition().ReadAsync(new PartitionReadRequest(0, 1 << 20));
        var header = RecordBatchHeader.Read(read.Records!.ToArray());
        Assert.Equal(TimestampType.LogAppendTime, header.TimestampType);
        Assert.Equal(harness.Clock.NowMs, header.MaxTimestamp);
    }

    [Fact]
    public async Task List_offsets_finds_earliest_latest_max_timestamp_and_by_time()
    {
        using var dir = new TempDir();
        await using var harness = await PartitionHarness.StartAsync(dir.Path);
        var grain = harness.Partition();
        var now = harness.Clock.NowMs;
        await grain.AppendAsync(Batches.Build(3, now - 30_000));        // offsets 0-2, timestamps now-30000..-29998
        await grain.AppendAsync(Batches.Build(3, now - 10_000));        // offsets 3-5
        await grain.AppendAsync(Batches.Build(1, now - 20_000));        // offset 6

        Assert.Equal(0, (await grain.ListOffsetAsync(PartitionListOffsetResult.EarliestTimestamp)).Offset);
        Assert.Equal(7, (await grain.ListOffsetAsync(PartitionListOffsetResult.LatestTimestamp)).Offset);
        var max = await grain.ListOffsetAsync(PartitionListOffsetResult.MaxTimestamp);
        Assert.Equal((5L, now - 9_998), (max.Offset, max.Timestamp));
        var byTime = await grain.ListOffsetAsync(now - 29_999);
        Assert.Equal((1L, now - 29_999), (byTime.Offset, byTime.Timestamp));
        var later = await grain.ListOffsetAsync(now - 15_000);
        Assert.Equal((3L, now - 10_000), (later.Offset, later.Timestamp));
        var none = await grain.ListOffsetAsync(now);
        Assert.Equal((-1L, -1L), (none.Offset, none.Timestamp));
        Assert.Equal(KafkaErrorCode.UnknownTopicOrPartition, (await harness.Partition("nope", 0).ListOffsetAsync(-1)).ErrorCode);
    }

    [Fact]
    public async Task Delete_records_moves_the_log_start_offset_but_not_past_the_high_watermark()
    {
        using var dir = new TempDir();
        await using var harness = await PartitionHarness.StartAsync(dir.Path);
        var grain = harness.Partition();
        await grain.AppendAsync(Batches.Build(5, harness.Clock.NowMs));

        var deleted = await grain.DeleteRecordsAsync(3);
        var tooFar = await grain.DeleteRecordsAsync(9);

        Assert.Equal((KafkaErrorCode.None, 3L), (deleted.ErrorCode, deleted.LowWatermark));
        Assert.Equal(KafkaErrorCode.OffsetOutOfRange, tooFar.ErrorCode);
        Assert.Equal(3, (await grain.ListOffsetAsync(PartitionListOffsetResult.EarliestTimestamp)).Offset);
        using var read = await grain.ReadAsync(new PartitionReadRequest(1, 100));
        Assert.Equal(KafkaErrorCode.OffsetOutOfRange, read.ErrorCode);
        Assert.Equal(5, (await grain.DeleteRecordsAsync(-1)).LowWatermark);
    }

    [Fact]
    public async Task Appends_wake_waiters_of_the_partition()
    {
        using var dir = new TempDir();
        await using var harness = await PartitionHarness.StartAsync(dir.Path);
        var grain = harness.Partition();
        await grain.GetOffsetsAsync();
        var wait = harness.Signal.WhenAdvancedAsync(new TopicPartition("t", 0));
        var other = harness.Signal.WhenAdvancedAsync(new TopicPartition("t", 1));
        Assert.False(wait.IsCompleted);

        await grain.AppendAsync(Batches.Build(1, harness.Clock.NowMs), -1);

        await wait.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(other.IsCompleted);
    }

    [Fact]
    public async Task Offsets_and_data_survive_a_restart()
    {
        using var dir = new TempDir();
        await using var harness = await PartitionHarness.StartAsync(dir.Path);
        await harness.Partition().AppendAsync(Batches.Build(4, harness.Clock.NowMs));

        await harness.RestartAsync();
        var next = await harness.Partition().AppendAsync(Batches.Build(1, harness.Clock.NowMs, prefix: "z"));

        Assert.Equal(4, next.BaseOffset);
        using var read = await harness.Partition().ReadAsync(new PartitionReadRequest(4, 1 << 20));
        Assert.Equal([(4L, "z0")], Batches.Values(read.Records!.ToArray()));
        Assert.Equal(5, (await harness.Partition().GetOffsetsAsync()).HighWatermark);
    }

    internal static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 500; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(10);
        }

        Assert.Fail("The condition did not become true.");
    }
}
