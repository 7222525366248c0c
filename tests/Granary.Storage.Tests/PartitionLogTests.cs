// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol;
using Granary.Protocol.Records;
using Xunit;

namespace Granary.Storage.Tests;

public sealed class PartitionLogTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new();
    private readonly StorageEnvironment _env;
    private static readonly TopicPartition Tp = new("orders-eu", 3);

    public PartitionLogTests() => _env = new StorageEnvironment(timeProvider: _time);

    public void Dispose()
    {
        _env.Dispose();
        _dir.Dispose();
    }

    private Task<PartitionLog> OpenAsync(LogConfig? config = null) => PartitionLog.OpenAsync(_dir.Path, Tp, config, _env);

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    [Fact]
    public async Task Append_assigns_offsets_and_read_returns_identical_bytes()
    {
        await using var log = await OpenAsync();
        var sent = new List<byte[]>();
        for (var i = 0; i < 10; i++)
        {
            var batch = TestBatches.Build(5, Now, seed: i);
            var result = await log.AppendAsync(batch, leaderEpoch: 4);
            Assert.Equal(i * 5, result.FirstOffset);
            Assert.Equal((i * 5) + 4, result.LastOffset);
            sent.Add(batch);
        }

        Assert.Equal(50, log.LogEndOffset);
        log.SetHighWatermark(50);
        using var read = log.Read(0, int.MaxValue, log.HighWatermark);
        var batches = TestBatches.Split(read.ToArray());
        Assert.Equal(10, batches.Count);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(i * 5, batches[i].Header.BaseOffset);
            Assert.Equal(4, batches[i].Header.PartitionLeaderEpoch);
            Assert.Equal(sent[i], batches[i].Bytes);
        }

        Assert.True(File.Exists(Path.Combine(log.Directory, "00000000000000000000.log")));
        Assert.Equal([new Checkpoints.EpochEntry(4, 0)], log.EpochCache.Entries);
    }

    [Fact]
    public async Task Concurrent_appenders_and_writer_actions_get_contiguous_offsets_and_their_own_bytes()
    {
        // Four threads append (several batches per call, some calls with one) while checkpoints and DeleteRecords
        // calls are queued between them: every append must complete, offsets must tile [0, LogEndOffset) with no
        // gap or overlap, and each range must hold exactly the bytes its caller sent.
        await using var log = await OpenAsync(new LogConfig { FlushMessages = 5 });
        var sent = new System.Collections.Concurrent.ConcurrentBag<(LogAppendResult Result, byte[] Bytes)>();
        var appenders = Enumerable.Range(0, 4).Select(thread => Task.Run(async () =>
        {
            for (var i = 0; i < 60; i++)
            {
                var batches = Enumerable.Range(0, 1 + (i % 3)).Select(b => TestBatches.Build(1 + ((i + b) % 4), Now, seed: (thread * 1000) + (i * 10) + b)).ToArray();
                var bytes = batches.SelectMany(b => b).ToArray();
                var result = await log.AppendAsync(bytes, leaderEpoch: 2);
                sent.Add((result, bytes));
            }
        })).ToList();
        var actions = Task.Run(async () =>
        {
            for (var i = 0; i < 20; i++)
            {
                await log.CheckpointAsync();
                await log.DeleteRecordsAsync(0);
            }
        });
        await Task.WhenAll([.. appenders, actions]);

        var ordered = sent.OrderBy(s => s.Result.FirstOffset).ToList();
        Assert.Equal(240, ordered.Count);
        var expectedNext = 0L;
        foreach (var (result, _) in ordered)
        {
            Assert.Equal(expectedNext, result.FirstOffset);
            expectedNext = result.NextOffset;
        }

        Assert.Equal(expectedNext, log.LogEndOffset);
        log.SetHighWatermark(log.LogEndOffset);
        using var read = log.Read(0, int.MaxValue, log.HighWatermark);
        var stored = read.ToArray();
        var position = 0;
        foreach (var (result, bytes) in ordered)
        {
            var expected = (byte[])bytes.Clone();
            var offset = result.FirstOffset;
            for (var at = 0; at < expected.Length;)
            {
                var header = RecordBatchHeader.Read(expected.AsSpan(at));
                RecordBatchHeader.PatchBaseOffset(expected.AsSpan(at), offset);
                RecordBatchHeader.PatchPartitionLeaderEpoch(expected.AsSpan(at), 2);
                offset += header.LastOffsetDelta + 1;
                at += header.TotalSize;
            }

            Assert.Equal(expected, stored.AsSpan(position, expected.Length).ToArray());
            position += expected.Length;
        }

        Assert.Equal(stored.Length, position);
    }

    [Fact]
    public async Task Read_starts_at_the_batch_containing_the_offset_and_respects_bounds()
    {
        await using var log = await OpenAsync();
        for (var i = 0; i < 4; i++)
        {
            await log.AppendAsync(TestBatches.Build(10, Now, valueSize: 100, seed: i), 0);
        }

        log.SetHighWatermark(30);

        // Offset 15 sits inside the second batch: the read starts at that batch's base offset 10.
        using (var read = log.Read(15, 1, upperBound: 40))
        {
            var batches = TestBatches.Split(read.ToArray());
            Assert.Single(batches);
            Assert.Equal(10, read.FirstOffset);
            Assert.Equal(20, read.NextOffset);
        }

        // Bounded by the high watermark: batches 0..2 only.
        using (var read = log.Read(0, int.MaxValue, log.HighWatermark))
        {
            Assert.Equal([0L, 10, 20], TestBatches.Split(read.ToArray()).Select(b => b.Header.BaseOffset));
        }

        using (var read = log.Read(30, int.MaxValue, log.HighWatermark))
        {
            Assert.True(read.IsEmpty);
        }

        var error = Assert.Throws<LogException>(() => log.Read(41, 100, 40));
        Assert.Equal(KafkaErrorCode.OffsetOutOfRange, error.ErrorCode);
    }

    [Fact]
    public async Task Segments_roll_on_size_and_indexes_find_offsets()
    {
        var config = new LogConfig { SegmentBytes = 8 * 1024, IndexIntervalBytes = 512 };
        await using var log = await OpenAsync(config);
        for (var i = 0; i < 100; i++)
        {
            await log.AppendAsync(TestBatches.Build(2, Now, valueSize: 200, seed: i), 0);
        }

        Assert.True(log.SegmentCount > 5);
        log.SetHighWatermark(log.LogEndOffset);
        foreach (var baseOffset in log.SegmentBaseOffsets)
        {
            Assert.True(File.Exists(Path.Combine(log.Directory, baseOffset.ToString("D20", System.Globalization.CultureInfo.InvariantCulture) + ".log")));
        }

        for (long offset = 0; offset < 200; offset += 7)
        {
            using var read = log.Read(offset, 1, log.HighWatermark);
            var first = TestBatches.Split(read.ToArray())[0].Header;
            Assert.True(first.BaseOffset <= offset && first.LastOffset >= offset);
        }

        Assert.True(new FileInfo(Path.Combine(log.Directory, "00000000000000000000.index")).Length > 0);
    }

    [Fact]
    public async Task Clean_reopen_skips_recovery_and_keeps_positions()
    {
        var config = new LogConfig { SegmentBytes = 4096 };
        byte[] before;
        {
            await using var log = await OpenAsync(config);
            for (var i = 0; i < 30; i++)
            {
                await log.AppendAsync(TestBatches.Build(3, Now, seed: i), i / 10);
            }

            log.SetHighWatermark(60);
            using var read = log.Read(0, int.MaxValue, 90);
            before = read.ToArray();
            await log.CloseAsync();
            Assert.True(File.Exists(Path.Combine(log.Directory, PartitionLog.CleanShutdownFileName)));
        }

        await using var reopened = await OpenAsync(config);
        Assert.True(reopened.OpenedClean);
        Assert.Equal(90, reopened.LogEndOffset);
        Assert.Equal(60, reopened.HighWatermark);
        Assert.Equal(3, reopened.EpochCache.Entries.Count);
        using var again = reopened.Read(0, int.MaxValue, 90);
        Assert.Equal(before.Take(again.Length), again.ToArray());
        var appended = await reopened.AppendAsync(TestBatches.Build(1, Now), 3);
        Assert.Equal(90, appended.FirstOffset);
        Assert.False(File.Exists(Path.Combine(reopened.Directory, PartitionLog.CleanShutdownFileName)));
    }

    [Fact]
    public async Task Leader_epoch_checkpoint_uses_kafkas_text_format()
    {
        await using var log = await OpenAsync();
        await log.AppendAsync(TestBatches.Build(2, Now), 1);
        await log.AppendAsync(TestBatches.Build(2, Now), 1);
        await log.AppendAsync(TestBatches.Build(2, Now), 5);
        var text = await File.ReadAllTextAsync(Path.Combine(log.Directory, "leader-epoch-checkpoint"));
        Assert.Equal("0\n2\n1 0\n5 4\n", text);
        Assert.Equal((1, 4L), log.EpochCache.EndOffsetFor(1, log.LogEndOffset));
        Assert.Equal((5, 6L), log.EpochCache.EndOffsetFor(7, log.LogEndOffset));
    }

    [Fact]
    public async Task Partition_metadata_file_holds_the_topic_id()
    {
        var id = Guid.NewGuid();
        await using var log = await PartitionLog.OpenAsync(_dir.Path, Tp, null, _env, id);
        var text = await File.ReadAllTextAsync(Path.Combine(log.Directory, "partition.metadata"));
        Assert.StartsWith("version: 0\ntopic_id: ", text, StringComparison.Ordinal);
        Assert.Equal(id, Checkpoints.PartitionMetadataFile.Read(Storage.IO.FileStorageDevice.Instance, log.Directory));
    }

    [Fact]
    public async Task Lookup_by_timestamp_finds_the_first_record_at_or_after_the_target()
    {
        var config = new LogConfig { SegmentBytes = 2048, IndexIntervalBytes = 256 };
        await using var log = await OpenAsync(config);
        for (var i = 0; i < 50; i++)
        {
            // Record j of batch i has timestamp 1000 + i*10 + j.
            await log.AppendAsync(TestBatches.Build(5, 1000 + (i * 10), valueSize: 40, seed: i), 0);
        }

        Assert.Equal(new OffsetAndTimestamp(0, 1000), log.LookupOffsetByTimestamp(0));
        Assert.Equal(new OffsetAndTimestamp(5 * 20 + 3, 1203), log.LookupOffsetByTimestamp(1203));
        Assert.Equal(new OffsetAndTimestamp(5 * 21, 1210), log.LookupOffsetByTimestamp(1206));
        Assert.Null(log.LookupOffsetByTimestamp(5000));
    }

    [Fact]
    public async Task Log_append_time_stamps_the_batch()
    {
        await using var log = await OpenAsync(new LogConfig { MessageTimestampType = TimestampType.LogAppendTime });
        var result = await log.AppendAsync(TestBatches.Build(3, 5), 0);
        Assert.Equal(Now, result.LogAppendTime);
        using var read = log.Read(0, 1000, 3);
        var header = TestBatches.Split(read.ToArray())[0].Header;
        Assert.Equal(TimestampType.LogAppendTime, header.TimestampType);
        Assert.Equal(Now, header.MaxTimestamp);
    }

    [Fact]
    public async Task Durable_offset_follows_the_flush_policy()
    {
        await using var log = await OpenAsync(new LogConfig { FlushMessages = 10 });
        var first = await log.AppendAsync(TestBatches.Build(4, Now), 0);
        Assert.Equal(0, log.DurableOffset);
        var waiter = log.WaitForDurableAsync(first.NextOffset);
        Assert.False(waiter.IsCompleted);
        await log.AppendAsync(TestBatches.Build(6, Now), 0);
        await waiter.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(10, log.DurableOffset);
        Assert.Equal(10, log.RecoveryPoint);
    }

    [Fact]
    public async Task Flush_ms_flushes_without_new_appends()
    {
        await using var log = await OpenAsync(new LogConfig { FlushMessages = long.MaxValue, FlushMs = 1000 });
        var result = await log.AppendAsync(TestBatches.Build(2, Now), 0);
        var waiter = log.WaitForDurableAsync(result.NextOffset);
        Assert.Equal(0, log.DurableOffset);
        for (var i = 0; i < 200 && !waiter.IsCompleted; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(10);
        }

        await waiter.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, log.DurableOffset);
    }

    [Fact]
    public async Task Default_policy_makes_every_group_durable()
    {
        await using var log = await OpenAsync();
        var tasks = Enumerable.Range(0, 50).Select(i => log.AppendAsync(TestBatches.Build(1, Now, seed: i), 0)).ToArray();
        var results = await Task.WhenAll(tasks);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), results.Select(r => r.FirstOffset).Order());
        await log.WaitForDurableAsync(50).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(50, log.DurableOffset);
    }

    [Fact]
    public async Task Truncate_removes_batches_from_the_offset_and_accepts_new_appends()
    {
        var config = new LogConfig { SegmentBytes = 1024 };
        await using var log = await OpenAsync(config);
        for (var i = 0; i < 40; i++)
        {
            await log.AppendAsync(TestBatches.Build(2, Now, valueSize: 50, seed: i), i < 20 ? 1 : 2);
        }

        log.SetHighWatermark(80);
        var end = await log.TruncateToAsync(30);
        Assert.Equal(30, end);
        Assert.Equal(30, log.LogEndOffset);
        Assert.Equal(30, log.HighWatermark);
        Assert.Equal(1, log.EpochCache.LatestEpoch);
        var next = await log.AppendAsync(TestBatches.Build(2, Now), 3);
        Assert.Equal(30, next.FirstOffset);
        log.SetHighWatermark(32);
        using var read = log.Read(0, int.MaxValue, 32);
        var all = new List<long>();
        for (long offset = 0; offset < 32;)
        {
            using var part = log.Read(offset, int.MaxValue, 32);
            var batches = TestBatches.Split(part.ToArray());
            all.AddRange(batches.Select(b => b.Header.BaseOffset));
            offset = batches[^1].Header.NextOffset;
        }

        Assert.Equal(Enumerable.Range(0, 16).Select(i => i * 2L), all);
    }

    [Fact]
    public async Task Follower_append_keeps_offsets_and_epochs()
    {
        await using var leader = await OpenAsync();
        await leader.AppendAsync(TestBatches.Build(3, Now), 7);
        using var read = leader.Read(0, 1000, 3);
        var bytes = read.ToArray();
        using var other = new TempDirectory();
        await using var follower = await PartitionLog.OpenAsync(other.Path, Tp, null, _env);
        var result = await follower.AppendAsFollowerAsync(bytes);
        Assert.Equal(0, result.FirstOffset);
        Assert.Equal(3, follower.LogEndOffset);
        Assert.Equal(7, follower.EpochCache.LatestEpoch);
    }

    [Fact]
    public async Task Oversized_batch_is_rejected_with_message_too_large()
    {
        await using var log = await OpenAsync(new LogConfig { MaxMessageBytes = 100 });
        var error = await Assert.ThrowsAsync<LogException>(() => log.AppendAsync(TestBatches.Build(10, Now, valueSize: 50), 0));
        Assert.Equal(KafkaErrorCode.MessageTooLarge, error.ErrorCode);
    }

    [Fact]
    public async Task A_batch_larger_than_max_bytes_is_still_returned_whole()
    {
        await using var log = await OpenAsync();
        await log.AppendAsync(TestBatches.Build(20, Now, valueSize: 500), 0);
        using var read = log.Read(0, 10, 20);
        Assert.Single(TestBatches.Split(read.ToArray()));
        Assert.NotNull(read.Handle);
    }

    [Fact]
    public async Task Reads_match_a_batch_by_batch_model_for_random_offsets_sizes_and_bounds()
    {
        var random = new Random(99);
        var config = new LogConfig { SegmentBytes = 64 * 1024, IndexIntervalBytes = random.Next(0, 2000) };
        await using var log = await OpenAsync(config);
        var model = new List<(long Base, long Last, int Size)>();
        for (var i = 0; i < 300; i++)
        {
            var batch = TestBatches.Build(random.Next(1, 6), Now, valueSize: random.Next(10, 900), seed: i);
            var result = await log.AppendAsync(batch, 0);
            model.Add((result.FirstOffset, result.LastOffset, batch.Length));
        }

        var segments = log.SegmentBaseOffsets;
        for (var i = 0; i < 500; i++)
        {
            var upper = random.NextInt64(1, log.LogEndOffset + 1);
            var fetch = random.NextInt64(0, upper);
            var maxBytes = random.Next(1, 40_000);
            using var read = log.Read(fetch, maxBytes, upper);

            // Expected: from the batch containing fetch, whole batches within maxBytes (at least one), none reaching
            // upper, and none crossing into the next segment.
            var first = model.FindIndex(b => b.Last >= fetch);
            var segmentEnd = segments.FirstOrDefault(s => s > model[first].Base, long.MaxValue);
            var expected = new List<long>();
            long bytes = 0;
            for (var k = first; k < model.Count && model[k].Last < upper && model[k].Base < segmentEnd; k++)
            {
                if (expected.Count > 0 && bytes + model[k].Size > maxBytes)
                {
                    break;
                }

                expected.Add(model[k].Base);
                bytes += model[k].Size;
                if (bytes >= maxBytes)
                {
                    break;
                }
            }

            var actual = TestBatches.Split(read.ToArray()).Select(b => b.Header.BaseOffset).ToList();
            Assert.Equal(expected, actual);
            Assert.Equal(expected.Count == 0 ? fetch : model.First(b => b.Base == expected[^1]).Last + 1, read.NextOffset);
        }
    }
}
