// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol;
using Granary.Protocol.Records;
using Granary.Silo.Diagnostics;
using Granary.Silo.FetchSessions;
using Xunit;

namespace Granary.Silo.Tests.FetchSessions;

public sealed class FetchSessionCacheTests
{
    [Fact]
    public void Sessions_get_distinct_non_zero_ids_and_epochs_must_follow_in_order()
    {
        var cache = new FetchSessionCache(10, TimeProvider.System);
        var a = cache.Create()!;
        var b = cache.Create()!;
        Assert.NotEqual(0, a.Id);
        Assert.NotEqual(a.Id, b.Id);

        Assert.Equal(KafkaErrorCode.InvalidFetchSessionEpoch, cache.TryContinue(a.Id, 2, out _));
        Assert.Equal(KafkaErrorCode.None, cache.TryContinue(a.Id, 1, out var continued));
        Assert.Same(a, continued);
        Assert.Equal(KafkaErrorCode.InvalidFetchSessionEpoch, cache.TryContinue(a.Id, 1, out _));
        Assert.Equal(KafkaErrorCode.None, cache.TryContinue(a.Id, 2, out _));
        var unknown = Enumerable.Range(1, 3).First(id => id != a.Id && id != b.Id);
        Assert.Equal(KafkaErrorCode.FetchSessionIdNotFound, cache.TryContinue(unknown, 1, out _));

        Assert.True(cache.Remove(a.Id));
        Assert.Equal(KafkaErrorCode.FetchSessionIdNotFound, cache.TryContinue(a.Id, 3, out _));
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void A_full_cache_evicts_the_least_recently_used_session_and_zero_slots_create_none()
    {
        var cache = new FetchSessionCache(2, TimeProvider.System);
        var first = cache.Create()!;
        var second = cache.Create()!;
        cache.TryContinue(first.Id, 1, out _);
        var third = cache.Create()!;

        Assert.Equal(2, cache.Count);
        Assert.Equal(1, cache.Evictions);
        Assert.Equal(KafkaErrorCode.FetchSessionIdNotFound, cache.TryContinue(second.Id, 1, out _));
        Assert.Equal(KafkaErrorCode.None, cache.TryContinue(first.Id, 2, out _));
        Assert.Equal(KafkaErrorCode.None, cache.TryContinue(third.Id, 1, out _));

        Assert.Null(new FetchSessionCache(0, TimeProvider.System).Create());
    }

    [Fact]
    public void A_partition_is_sent_when_new_changed_erroring_or_with_records_and_records_move_it_to_the_back()
    {
        var session = new FetchSessionCache(1, TimeProvider.System).Create()!;
        session.Upsert("t", 0, 0, 100);
        session.Upsert("t", 1, 0, 100);

        Assert.True(session.Update("t", 0, false, 0, 5, 5, 0));
        Assert.False(session.Update("t", 0, false, 0, 5, 5, 0));
        Assert.True(session.Update("t", 0, false, 0, 6, 6, 0));
        Assert.True(session.Update("t", 0, false, 0, 6, 6, 1));
        Assert.True(session.Update("t", 0, false, (short)KafkaErrorCode.KafkaStorageError, 6, 6, 1));
        Assert.True(session.Update("t", 0, true, 0, 6, 6, 1));
        Assert.Equal([1, 0], session.Partitions.Select(p => p.Partition));

        session.Upsert("t", 1, 7, 50);
        Assert.Equal((7L, 50), (session.Partitions[0].FetchOffset, session.Partitions[0].MaxBytes));
        session.Forget("t", 1);
        Assert.Equal([0], session.Partitions.Select(p => p.Partition));
    }

    [Fact]
    public void Record_counting_for_metrics_stops_at_anything_that_is_not_a_whole_v2_batch()
    {
        using var builder = new RecordBatchBuilder(CompressionType.None);
        for (var i = 0; i < 3; i++)
        {
            builder.Append(1_700_000_000_000, (byte[]?)null, new byte[] { 1 });
        }

        var batch = builder.ToArray();
        Assert.Equal(6, SiloMetrics.CountRecords([.. batch, .. batch]));
        Assert.Equal(3, SiloMetrics.CountRecords([.. batch, .. batch.AsSpan(0, 20)]));

        var negative = (byte[])batch.Clone();
        negative[8] = 0xFF;
        Assert.Equal(0, SiloMetrics.CountRecords(negative));
        Assert.Equal(0, SiloMetrics.CountRecords([]));
    }
}
