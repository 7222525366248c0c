// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Client.Admin;
using Xunit;

namespace Granary.Client.Tests.Admin;

public class AdminRecordTests(AdminSilo silo) : IClassFixture<AdminSilo>
{
    private async Task<List<long>> ProduceAsync(string topic, int partition, int count, Func<int, long>? timestamp = null)
    {
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = silo.BootstrapServers }).Build();
        var timestamps = new List<long>();
        for (var i = 0; i < count; i++)
        {
            var message = new Message<Null, string> { Value = $"v{i}" };
            if (timestamp is not null)
            {
                message.Timestamp = new Timestamp(timestamp(i), TimestampType.CreateTime);
                timestamps.Add(timestamp(i));
            }

            await producer.ProduceAsync(new TopicPartition(topic, partition), message);
        }

        return timestamps;
    }

    private static TopicPartitionOffsetSpec Spec(string topic, int partition, OffsetSpec spec) =>
        new() { TopicPartition = new TopicPartition(topic, partition), OffsetSpec = spec };

    [Fact]
    public async Task ListOffsets_finds_earliest_latest_by_time_and_max_timestamp()
    {
        using var admin = silo.CreateAdmin();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = "rec-list", NumPartitions = 2 }]);
        await ProduceAsync("rec-list", 0, 10, i => 1_700_000_000_000 + (i * 1000));

        var result = await admin.ListOffsetsAsync(
        [
            Spec("rec-list", 0, OffsetSpec.Latest()),
            Spec("rec-list", 1, OffsetSpec.Latest()),
        ]);
        Assert.Equal([10L, 0L], result.ResultInfos.Select(r => r.TopicPartitionOffsetError.Offset.Value));
        var earliest = await admin.ListOffsetsAsync([Spec("rec-list", 0, OffsetSpec.Earliest())]);
        Assert.Equal(0, Assert.Single(earliest.ResultInfos).TopicPartitionOffsetError.Offset.Value);
        await Assert.ThrowsAsync<ArgumentException>(() => admin.ListOffsetsAsync([Spec("rec-list", 0, OffsetSpec.Earliest()), Spec("rec-list", 0, OffsetSpec.Latest())]));
        Assert.All(result.ResultInfos, r => Assert.False(r.TopicPartitionOffsetError.Error.IsError));

        var byTime = await admin.ListOffsetsAsync([Spec("rec-list", 0, OffsetSpec.ForTimestamp(1_700_000_003_500))]);
        var found = Assert.Single(byTime.ResultInfos);
        Assert.Equal(4, found.TopicPartitionOffsetError.Offset.Value);
        Assert.Equal(1_700_000_004_000, found.Timestamp);

        var max = Assert.Single((await admin.ListOffsetsAsync([Spec("rec-list", 0, OffsetSpec.MaxTimestamp())])).ResultInfos);
        Assert.Equal(9, max.TopicPartitionOffsetError.Offset.Value);
        Assert.Equal(1_700_000_009_000, max.Timestamp);
    }

    [Fact]
    public async Task ListOffsets_reports_unknown_partitions_and_topics_per_partition()
    {
        using var admin = silo.CreateAdmin();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = "rec-known", NumPartitions = 1 }]);
        var ex = await Assert.ThrowsAsync<ListOffsetsException>(() => admin.ListOffsetsAsync(
        [
            Spec("rec-known", 0, OffsetSpec.Latest()),
            Spec("rec-known", 4, OffsetSpec.Latest()),
            Spec("rec-unknown", 0, OffsetSpec.Latest()),
        ]));
        Assert.Equal(
            [ErrorCode.NoError, ErrorCode.UnknownTopicOrPart, ErrorCode.UnknownTopicOrPart],
            ex.Result.ResultInfos.Select(r => r.TopicPartitionOffsetError.Error.Code));
        Assert.Equal(ErrorCode.UnknownTopicOrPart, ex.Result.Error.Code);
    }

    [Fact]
    public async Task DeleteRecords_moves_the_log_start_offset_and_rejects_offsets_past_the_end()
    {
        using var admin = silo.CreateAdmin();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = "rec-delete", NumPartitions = 2 }]);
        await ProduceAsync("rec-delete", 0, 10);
        await ProduceAsync("rec-delete", 1, 3);

        var deleted = await admin.DeleteRecordsAsync(
        [
            new TopicPartitionOffset("rec-delete", 0, 4),
            new TopicPartitionOffset("rec-delete", 1, Offset.End),
        ]);
        Assert.Equal([4L, 3L], deleted.Select(d => d.Offset.Value));
        var earliest = await admin.ListOffsetsAsync([Spec("rec-delete", 0, OffsetSpec.Earliest()), Spec("rec-delete", 1, OffsetSpec.Earliest())]);
        Assert.Equal([4L, 3L], earliest.ResultInfos.Select(r => r.TopicPartitionOffsetError.Offset.Value));

        var ex = await Assert.ThrowsAsync<DeleteRecordsException>(() => admin.DeleteRecordsAsync(
        [
            new TopicPartitionOffset("rec-delete", 0, 5),
            new TopicPartitionOffset("rec-delete", 0 + 1, 100),
            new TopicPartitionOffset("rec-missing", 0, 1),
        ]));
        Assert.Equal(
            [ErrorCode.NoError, ErrorCode.OffsetOutOfRange, ErrorCode.UnknownTopicOrPart],
            ex.Results.Select(r => r.Error.Code));
        Assert.Equal(5, ex.Results[0].Offset.Value);
    }
}
