// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Grains.Producers;
using Granary.Grains.Tests.Partitions;
using Granary.Protocol;
using Xunit;

namespace Granary.Grains.Tests.Producers;

public sealed class ProducerStateManagerTests
{
    [Fact]
    public void Only_the_last_five_batches_are_remembered()
    {
        var state = new ProducerStateManager();
        for (var i = 0; i < 7; i++)
        {
            Assert.True(state.Check(1, 0, i, i).IsAppend);
            state.Record(1, 0, i, i, i, i);
        }

        Assert.Equal(5, state.Get(1)!.Batches.Count);
        Assert.Equal(KafkaErrorCode.None, state.Check(1, 0, 2, 2).ErrorCode);
        Assert.Equal(2, state.Check(1, 0, 2, 2).Duplicate!.Value.FirstOffset);

        // Older than the window: neither a known duplicate nor in sequence.
        Assert.Equal(KafkaErrorCode.OutOfOrderSequenceNumber, state.Check(1, 0, 1, 1).ErrorCode);
        Assert.True(state.Check(1, 0, 7, 9).IsAppend);
        Assert.True(state.Check(-1, -1, -1, -1).IsAppend);
    }

    [Fact]
    public void Sequences_wrap_after_int_max()
    {
        var state = new ProducerStateManager();
        state.Record(9, 0, 0, 0, 0, 0);
        state.Record(9, 0, 1, int.MaxValue, 1, 10);
        Assert.True(state.Check(9, 0, 0, 3).IsAppend);
    }

    [Fact]
    public void A_snapshot_round_trips_and_a_damaged_one_is_ignored()
    {
        using var dir = new TempDir();
        var state = new ProducerStateManager();
        state.Record(1, 3, 0, 4, 100, 104);
        state.Record(2, 0, 0, 0, 105, 105);
        state.WriteSnapshot(dir.Path, 106);

        var loaded = new ProducerStateManager();
        Assert.Equal(106, loaded.LoadSnapshot(dir.Path));
        Assert.Equal(100, loaded.Check(1, 3, 0, 4).Duplicate!.Value.FirstOffset);
        Assert.Equal(KafkaErrorCode.InvalidProducerEpoch, loaded.Check(1, 2, 5, 5).ErrorCode);
        Assert.True(loaded.Check(2, 0, 1, 1).IsAppend);

        var path = Path.Combine(dir.Path, ProducerStateManager.SnapshotFileName);
        var bytes = File.ReadAllBytes(path);
        bytes[20] ^= 1;
        File.WriteAllBytes(path, bytes);
        var damaged = new ProducerStateManager();
        Assert.Equal(-1, damaged.LoadSnapshot(dir.Path));
        Assert.Equal(0, damaged.Count);
    }
}
