// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Text;
using Granary.Protocol.Records;
using Xunit;

namespace Granary.Storage.Tests;

public sealed class CompactionTests : IDisposable
{
    private static readonly TopicPartition Tp = new("compacted", 0);
    private static readonly CompressionType[] Codecs = [CompressionType.None, CompressionType.Gzip, CompressionType.Snappy, CompressionType.Lz4, CompressionType.Zstd];
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new();
    private readonly StorageEnvironment _env;

    public CompactionTests() => _env = new StorageEnvironment(timeProvider: _time);

    public void Dispose()
    {
        _env.Dispose();
        _dir.Dispose();
    }

    private sealed record Rec(long Offset, string? Key, string? Value, bool Control);

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private static List<Rec> ReadAll(PartitionLog log, long from)
    {
        var records = new List<Rec>();
        var offset = from;
        while (offset < log.HighWatermark)
        {
            using var read = log.Read(offset, 64 * 1024, log.HighWatermark);
            if (read.IsEmpty)
            {
                break;
            }

            var batches = TestBatches.Split(read.ToArray());
            foreach (var (header, bytes) in batches)
            {
                using var reader = RecordBatchReader.Open(bytes);
                foreach (var record in reader)
                {
                    if (record.Offset >= from)
                    {
                        records.Add(new Rec(
                            record.Offset,
                            record.IsKeyNull ? null : Convert.ToHexString(record.Key),
                            record.IsValueNull ? null : Convert.ToHexString(record.Value),
                            header.IsControl));
                    }
                }
            }

            offset = batches[^1].Header.NextOffset;
        }

        return records;
    }

    private static byte[] BuildBatch(Random random, CompressionType codec, long timestamp, out bool control)
    {
        using var builder = new RecordBatchBuilder(codec);
        control = random.Next(12) == 0;
        if (control)
        {
            builder.ProducerId = 42;
            builder.ProducerEpoch = 0;
            builder.AppendEndTransactionMarker(timestamp, new EndTransactionMarker(ControlRecordType.Commit, 1));
            return builder.ToArray();
        }

        var count = random.Next(1, 9);
        for (var i = 0; i < count; i++)
        {
            var key = Encoding.UTF8.GetBytes("key-" + random.Next(25));
            byte[]? value = random.Next(10) == 0 ? null : Encoding.UTF8.GetBytes("value-" + random.Next(1_000_000) + new string('x', random.Next(200)));
            builder.Append(timestamp + i, key, value);
        }

        return builder.ToArray();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Cleaning_keeps_the_latest_record_per_key_offsets_and_markers(int seed)
    {
        var random = new Random(seed);
        var config = new LogConfig { CleanupPolicy = CleanupPolicy.Compact, SegmentBytes = 4096, IndexIntervalBytes = 256, FileDeleteDelayMs = 0 };
        await using var log = await PartitionLog.OpenAsync(_dir.Path, Tp, config, _env);
        for (var i = 0; i < 150; i++)
        {
            await log.AppendAsync(BuildBatch(random, Codecs[i % Codecs.Length], Now + i, out _), 0);
        }

        log.SetHighWatermark(log.LogEndOffset);
        var before = ReadAll(log, 0);
        var cleanEnd = log.SegmentBaseOffsets[^1];
        var sizeBefore = log.Size;
        var result = await log.CompactAsync(force: true);
        Assert.True(result.RecordsRemoved > 0);
        Assert.True(log.Size < sizeBefore);

        var after = ReadAll(log, 0);
        var beforeByOffset = before.ToDictionary(r => r.Offset);

        // Survivors are unchanged records at their original offsets, in order.
        Assert.All(after, r => Assert.Equal(beforeByOffset[r.Offset], r));
        Assert.Equal(after.Select(r => r.Offset).Order(), after.Select(r => r.Offset));

        // The latest record of every key survives; nothing superseded within the cleaned range does.
        foreach (var group in before.Where(r => !r.Control).GroupBy(r => r.Key))
        {
            Assert.Contains(group.MaxBy(r => r.Offset), after);
        }

        foreach (var record in after.Where(r => !r.Control && r.Offset < cleanEnd))
        {
            Assert.DoesNotContain(before, r => !r.Control && r.Key == record.Key && r.Offset > record.Offset && r.Offset < cleanEnd);
        }

        // Transaction markers and everything in the active segment are untouched.
        Assert.Equal(before.Where(r => r.Control), after.Where(r => r.Control));
        Assert.Equal(before.Where(r => r.Offset >= cleanEnd), after.Where(r => r.Offset >= cleanEnd));

        // Reading from any offset gives the same sequence minus the removed records.
        for (var i = 0; i < 20; i++)
        {
            var from = random.NextInt64(0, log.LogEndOffset);
            Assert.Equal(after.Where(r => r.Offset >= from), ReadAll(log, from));
        }

        // The cleaned files are what a reopen (with recovery) sees.
        await log.CloseAsync();
        File.Delete(Path.Combine(log.Directory, PartitionLog.CleanShutdownFileName));
        await using var reopened = await PartitionLog.OpenAsync(_dir.Path, Tp, config, _env);
        reopened.SetHighWatermark(reopened.LogEndOffset);
        Assert.Equal(after, ReadAll(reopened, 0));
        Assert.Empty(Directory.GetFiles(reopened.Directory, "*.swap"));
        Assert.Empty(Directory.GetFiles(reopened.Directory, "*.cleaned"));
    }

    [Fact]
    public async Task Tombstones_are_removed_after_delete_retention_ms()
    {
        var config = new LogConfig { CleanupPolicy = CleanupPolicy.Compact, SegmentBytes = 1024, DeleteRetentionMs = 60_000, FileDeleteDelayMs = 0 };
        await using var log = await PartitionLog.OpenAsync(_dir.Path, Tp, config, _env);
        var key = Encoding.UTF8.GetBytes("gone");
        await log.AppendAsync(TestBatches.Build([(key, Encoding.UTF8.GetBytes("v1"), Now)]), 0);
        await log.AppendAsync(TestBatches.Build([(key, null, Now)]), 0);
        for (var i = 0; i < 30; i++)
        {
            await log.AppendAsync(TestBatches.Build([(Encoding.UTF8.GetBytes("other" + (i % 3)), new byte[100], Now)]), 0);
        }

        log.SetHighWatermark(log.LogEndOffset);
        await log.CompactAsync(force: true);
        var hex = Convert.ToHexString(key);
        Assert.Equal([1L], ReadAll(log, 0).Where(r => r.Key == hex).Select(r => r.Offset));

        _time.Advance(TimeSpan.FromMinutes(2));
        await log.CompactAsync(force: true);
        Assert.DoesNotContain(ReadAll(log, 0), r => r.Key == hex);
    }

    [Fact]
    public async Task Dirty_ratio_gates_cleaning_and_delete_policy_never_compacts()
    {
        var config = new LogConfig { CleanupPolicy = CleanupPolicy.Delete, SegmentBytes = 1024 };
        await using var log = await PartitionLog.OpenAsync(_dir.Path, Tp, config, _env);
        for (var i = 0; i < 30; i++)
        {
            await log.AppendAsync(TestBatches.Build([(Encoding.UTF8.GetBytes("same"), new byte[100], Now)]), 0);
        }

        log.SetHighWatermark(log.LogEndOffset);
        Assert.Equal(Cleaning.CompactionResult.None, await log.CompactAsync(force: true));

        log.UpdateConfig(config with { CleanupPolicy = CleanupPolicy.Compact | CleanupPolicy.Delete, MinCleanableDirtyRatio = 0.5 });
        Assert.True((await log.CompactAsync()).RecordsRemoved > 0);

        // Everything cleaned is now clean: a second pass finds nothing dirty.
        Assert.Equal(Cleaning.CompactionResult.None, await log.CompactAsync());
    }
}
