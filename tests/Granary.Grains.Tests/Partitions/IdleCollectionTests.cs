// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Grains.Partitions;
using Granary.Protocol;
using Granary.Runtime;
using Granary.Runtime.Hosting;
using Granary.Storage;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Granary.Grains.Tests.Partitions;

/// <summary>An idle partition grain is collected by the runtime and its deactivation really releases the log.</summary>
public sealed class IdleCollectionTests
{
    [Fact]
    public async Task Idle_collection_closes_the_log_releases_its_file_handles_and_a_later_call_reopens_it_cleanly()
    {
        using var dir = new TempDir();
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
        var topics = new TestDirectory();
        topics.Set("idle", 3);
        await using var logs = await LogManager.OpenAsync(new StorageOptions { DataDirectory = dir.Path }, timeProvider: clock, startBackgroundTasks: false);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton(logs);
        services.AddSingleton<IPartitionDirectory>(topics);
        services.AddGrainRuntime();
        services.Configure<GrainCollectionOptions>(o =>
        {
            o.CollectionAge = TimeSpan.FromMinutes(2);
            o.CollectionQuantum = TimeSpan.FromMinutes(1);
        });
        // Snapshot ticks are turns too; keep them off the collection's minute marks, where a running tick defers it.
        services.AddPartitionGrains(o => o.ProducerSnapshotInterval = TimeSpan.FromHours(1));
        await using var provider = services.BuildServiceProvider();
        var runtime = provider.GetRequiredService<GrainRuntime>();

        for (var p = 0; p < 3; p++)
        {
            var appended = await runtime.GetPartitionGrain("idle", p).AppendAsync(Batches.Build(2, clock.NowMs, prefix: "p" + p), -1);
            Assert.Equal(KafkaErrorCode.None, appended.ErrorCode);
        }

        Assert.Equal(3, runtime.ActivationCount);
        Assert.True(OpenHandlesUnder(dir.Path) >= 3, "each active partition holds its segment open");
        Assert.Equal(3, logs.Logs.Count);

        clock.Advance(TimeSpan.FromMinutes(3));
        await WaitUntilAsync(() => runtime.ActivationCount == 0);

        Assert.Equal(0, OpenHandlesUnder(dir.Path));
        Assert.Empty(logs.Logs);
        for (var p = 0; p < 3; p++)
        {
            Assert.Null(logs.Get(new TopicPartition("idle", p)));
            Assert.True(File.Exists(Path.Combine(dir.Path, "idle-" + p, PartitionLog.CleanShutdownFileName)));
        }

        var grain = runtime.GetPartitionGrain("idle", 1);
        using (var read = await grain.ReadAsync(new PartitionReadRequest(0, 1 << 20)))
        {
            Assert.Equal(KafkaErrorCode.None, read.ErrorCode);
            Assert.Equal([(0L, "p10"), (1L, "p11")], Batches.Values(read.Records!.ToArray()));
        }

        var reopened = logs.Get(new TopicPartition("idle", 1));
        Assert.NotNull(reopened);
        Assert.True(reopened.OpenedClean, "a partition closed on deactivation reopens without recovery");
        var next = await grain.AppendAsync(Batches.Build(1, clock.NowMs, prefix: "q"), -1);
        Assert.Equal(2, next.BaseOffset);
        Assert.Equal(1, runtime.ActivationCount);

        await runtime.StopAsync();
    }

    [Fact]
    public async Task Closing_a_partition_that_is_not_open_does_nothing_and_a_reopen_waits_for_a_close_in_progress()
    {
        using var dir = new TempDir();
        await using var logs = await LogManager.OpenAsync(new StorageOptions { DataDirectory = dir.Path }, startBackgroundTasks: false);
        var tp = new TopicPartition("t", 0);
        Assert.False(await logs.CloseAsync(tp));

        var log = await logs.GetOrCreateAsync(tp);
        var append = await log.AppendAsync(Batches.Build(3, 1_700_000_000_000), 0);
        await log.WaitForDurableAsync(append.NextOffset);

        var closing = logs.CloseAsync(tp);
        var reopened = await logs.GetOrCreateAsync(tp);
        Assert.True(await closing);
        Assert.NotSame(log, reopened);
        Assert.True(reopened.OpenedClean);
        Assert.Equal(3, reopened.LogEndOffset);
    }

    /// <summary>File descriptors of this process that point into <paramref name="directory"/>.</summary>
    private static int OpenHandlesUnder(string directory)
    {
        var prefix = Path.GetFullPath(directory) + Path.DirectorySeparatorChar;
        var count = 0;
        foreach (var fd in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget is { } target && target.StartsWith(prefix, StringComparison.Ordinal))
                {
                    count++;
                }
            }
            catch (IOException)
            {
                // The descriptor closed while being listed.
            }
        }

        return count;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 1000 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
