// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using System.Text;
using Granary.Streams.Delivery;

namespace Granary.Streams.Tests.Delivery;

public class PartitionDeliveryEngineTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task SameKeyRunsInOrderWhileDifferentKeysRunConcurrently()
    {
        var seen = new ConcurrentDictionary<string, List<long>>();
        var running = 0;
        var maxRunning = 0;
        var sameKeyOverlap = 0;
        var active = new ConcurrentDictionary<string, int>();
        var engine = new PartitionDeliveryEngine(8, 64, async (record, _) =>
        {
            var key = Encoding.UTF8.GetString(record.Key!);
            if (active.AddOrUpdate(key, 1, (_, n) => n + 1) > 1)
            {
                Interlocked.Increment(ref sameKeyOverlap);
            }

            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref maxRunning, now);
            await Task.Delay(Random.Shared.Next(0, 3));
            lock (seen)
            {
                seen.GetOrAdd(key, _ => []).Add(record.Offset);
            }

            Interlocked.Decrement(ref running);
            active.AddOrUpdate(key, 0, (_, n) => n - 1);
        });

        for (var offset = 0L; offset < 400; offset++)
        {
            await engine.EnqueueAsync(Record(offset, "k" + (offset % 20)));
        }

        await engine.DrainAsync().WaitAsync(Patience);

        Assert.Equal(0, sameKeyOverlap);
        Assert.InRange(maxRunning, 2, 8);
        Assert.Equal(20, seen.Count);
        foreach (var (key, offsets) in seen)
        {
            var expected = Enumerable.Range(0, 400).Select(i => (long)i).Where(o => "k" + (o % 20) == key);
            Assert.Equal(expected, offsets);
        }

        Assert.Equal(400, engine.CommittableOffset);
        Assert.Equal(0, engine.InFlight);
    }

    [Fact]
    public async Task SlowKeyDoesNotBlockOtherKeysButHoldsTheCommitWatermark()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finished = new ConcurrentBag<long>();
        var engine = new PartitionDeliveryEngine(4, 100, async (record, _) =>
        {
            if (record.Key![0] == (byte)'s')
            {
                await release.Task;
            }

            finished.Add(record.Offset);
        });

        await engine.EnqueueAsync(Record(10, "a"));
        await engine.EnqueueAsync(Record(11, "slow"));
        for (var offset = 12L; offset < 60; offset++)
        {
            await engine.EnqueueAsync(Record(offset, "k" + (offset % 5)));
        }

        await WaitUntilAsync(() => finished.Count == 49);
        Assert.DoesNotContain(11L, finished);
        Assert.Equal(11, engine.CommittableOffset);

        release.SetResult();
        await engine.DrainAsync().WaitAsync(Patience);
        Assert.Equal(60, engine.CommittableOffset);
    }

    [Fact]
    public async Task MaxInFlightBoundsAcceptedRecordsAndEnqueueWaitsForRoom()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var engine = new PartitionDeliveryEngine(2, 4, async (_, _) => await release.Task);

        for (var offset = 0L; offset < 4; offset++)
        {
            Assert.True(engine.EnqueueAsync(Record(offset, "k" + offset)).IsCompletedSuccessfully);
        }

        var fifth = engine.EnqueueAsync(Record(4, "k4")).AsTask();
        await Task.Delay(50);
        Assert.False(fifth.IsCompleted);
        Assert.Equal(4, engine.InFlight);

        release.SetResult();
        await fifth.WaitAsync(Patience);
        await engine.DrainAsync().WaitAsync(Patience);
        Assert.Equal(5, engine.CommittableOffset);
    }

    [Fact]
    public async Task AFailedRecordStopsDeliveryAndIsNeverCommittedPast()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var engine = new PartitionDeliveryEngine(4, 100, async (record, _) =>
        {
            await gate.Task;
            if (record.Offset == 5)
            {
                throw new InvalidOperationException("boom");
            }
        });

        for (var offset = 0L; offset < 10; offset++)
        {
            await engine.EnqueueAsync(Record(offset, "k" + offset));
        }

        gate.SetResult();
        var failure = await Assert.ThrowsAsync<StreamDeliveryException>(() => engine.DrainAsync().WaitAsync(Patience));
        Assert.IsType<InvalidOperationException>(failure.InnerException);
        Assert.InRange(engine.CommittableOffset, -1, 5);
        Assert.NotNull(engine.Fault);
        await Assert.ThrowsAsync<StreamDeliveryException>(async () => await engine.EnqueueAsync(Record(10, "x")));
    }

    [Fact]
    public async Task SynchronousHandlersCompleteInlineAndNullKeysAreUnordered()
    {
        var count = 0;
        var engine = new PartitionDeliveryEngine(64, 1000, (_, _) =>
        {
            count++;
            return ValueTask.CompletedTask;
        });

        for (var offset = 0L; offset < 5000; offset++)
        {
            var pending = engine.EnqueueAsync(new StreamRecord("t", 0, offset, offset % 3 == 0 ? null : [(byte)(offset % 7)], null));
            Assert.True(pending.IsCompletedSuccessfully);
        }

        Assert.Equal(5000, count);
        Assert.Equal(5000, engine.CommittableOffset);
        await engine.DrainAsync();
    }

    [Fact]
    public async Task CommitWatermarkFollowsGapsInOffsets()
    {
        var engine = new PartitionDeliveryEngine(4, 10, (_, _) => ValueTask.CompletedTask);
        await engine.EnqueueAsync(Record(3, "a"));
        await engine.EnqueueAsync(Record(7, "b"));
        await engine.EnqueueAsync(Record(8, "a"));
        Assert.Equal(9, engine.CommittableOffset);
    }

    private static StreamRecord Record(long offset, string key) => new("t", 0, offset, Encoding.UTF8.GetBytes(key), null);

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
