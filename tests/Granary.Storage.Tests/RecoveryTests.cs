// Copyright (c) Granary contributors. Licensed under the MIT License.

using Xunit;

namespace Granary.Storage.Tests;

public sealed class RecoveryTests
{
    private static readonly TopicPartition Tp = new("recovery", 0);

    private static async Task<List<(long Base, long Next, long EndPosition)>> WriteLogAsync(string dataDir, LogConfig config, int batches, int seed)
    {
        var random = new Random(seed);
        var layout = new List<(long, long, long)>();
        await using var log = await PartitionLog.OpenAsync(dataDir, Tp, config);
        long position = 0;
        for (var i = 0; i < batches; i++)
        {
            var batch = TestBatches.Build(random.Next(1, 10), 1000 + i, random.Next(1, 300), seed: i);
            var result = await log.AppendAsync(batch, 0);
            position += batch.Length;
            layout.Add((result.FirstOffset, result.NextOffset, position));
        }

        await log.CloseAsync();
        File.Delete(Path.Combine(log.Directory, PartitionLog.CleanShutdownFileName));
        return layout;
    }

    [Fact]
    public async Task Torn_tail_is_truncated_to_the_last_whole_batch_at_random_positions()
    {
        var random = new Random(7);
        for (var iteration = 0; iteration < 15; iteration++)
        {
            using var dir = new TempDirectory();
            var layout = await WriteLogAsync(dir.Path, LogConfig.Default, 30, iteration);
            var logFile = Path.Combine(dir.Path, Tp.DirectoryName, "00000000000000000000.log");
            var length = new FileInfo(logFile).Length;
            var cut = random.NextInt64(0, length);
            var corrupt = iteration % 2 == 1;
            using (var stream = new FileStream(logFile, FileMode.Open, FileAccess.ReadWrite))
            {
                if (corrupt)
                {
                    stream.Position = cut;
                    var b = stream.ReadByte();
                    stream.Position = cut;
                    stream.WriteByte((byte)(b ^ 0x5A));
                }
                else
                {
                    stream.SetLength(cut);
                }
            }

            // The last batch that ends at or before the damaged byte survives (a flipped byte also breaks its own batch).
            var survivors = layout.Where(l => l.EndPosition <= cut).ToList();
            var expectedEnd = survivors.Count == 0 ? 0 : survivors[^1].Next;

            await using var log = await PartitionLog.OpenAsync(dir.Path, Tp, LogConfig.Default);
            Assert.False(log.OpenedClean);
            Assert.Equal(expectedEnd, log.LogEndOffset);
            var appended = await log.AppendAsync(TestBatches.Build(2, 5000), 1);
            Assert.Equal(expectedEnd, appended.FirstOffset);
            log.SetHighWatermark(log.LogEndOffset);
            var seen = new List<long>();
            for (long offset = 0; offset < log.LogEndOffset;)
            {
                using var read = log.Read(offset, int.MaxValue, log.LogEndOffset);
                var batches = TestBatches.Split(read.ToArray());
                seen.AddRange(batches.Select(b => b.Header.BaseOffset));
                offset = batches[^1].Header.NextOffset;
            }

            Assert.Equal(survivors.Select(s => s.Base).Append(expectedEnd), seen);
        }
    }

    [Fact]
    public async Task Missing_or_corrupt_index_is_rebuilt()
    {
        using var dir = new TempDirectory();
        var config = new LogConfig { SegmentBytes = 4096, IndexIntervalBytes = 256 };
        var layout = await WriteLogAsync(dir.Path, config, 60, 3);
        var partitionDir = Path.Combine(dir.Path, Tp.DirectoryName);
        var indexes = Directory.GetFiles(partitionDir, "*.index").Order(StringComparer.Ordinal).ToArray();
        File.Delete(indexes[0]);
        await File.WriteAllBytesAsync(indexes[1], [1, 2, 3]);
        File.WriteAllText(Path.Combine(partitionDir, PartitionLog.CleanShutdownFileName), string.Empty);
        await using var log = await PartitionLog.OpenAsync(dir.Path, Tp, config);
        log.SetHighWatermark(log.LogEndOffset);
        Assert.Equal(layout[^1].Next, log.LogEndOffset);
        foreach (var (baseOffset, next, _) in layout)
        {
            using var read = log.Read(next - 1, 1, log.LogEndOffset);
            Assert.Equal(baseOffset, read.FirstOffset);
        }
    }

    [Fact]
    public async Task Leftover_deleted_cleaned_and_swap_files_are_handled_on_open()
    {
        using var dir = new TempDirectory();
        var layout = await WriteLogAsync(dir.Path, LogConfig.Default, 5, 1);
        var partitionDir = Path.Combine(dir.Path, Tp.DirectoryName);
        var logFile = Path.Combine(partitionDir, "00000000000000000000.log");
        await File.WriteAllBytesAsync(Path.Combine(partitionDir, "00000000000000000099.log.deleted"), [1, 2, 3]);
        await File.WriteAllBytesAsync(Path.Combine(partitionDir, "00000000000000000099.log.cleaned"), [1, 2, 3]);

        // A complete .swap replaces its segment (the rename to .log was interrupted).
        File.Copy(logFile, logFile + ".swap");
        await File.WriteAllBytesAsync(logFile, new byte[10]);
        await using var log = await PartitionLog.OpenAsync(dir.Path, Tp, LogConfig.Default);
        Assert.Equal(layout[^1].Next, log.LogEndOffset);
        Assert.Empty(Directory.GetFiles(partitionDir, "*.deleted"));
        Assert.Empty(Directory.GetFiles(partitionDir, "*.cleaned"));
        Assert.Empty(Directory.GetFiles(partitionDir, "*.swap"));
    }
}
