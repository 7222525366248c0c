// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Client.Admin;
using Xunit;

namespace Granary.Client.Tests.Admin;

/// <summary>
/// What `kafka-consumer-groups.sh --describe` prints, composed from admin calls only: each assigned partition's
/// committed offset (ListConsumerGroupOffsetsAsync), log end offset (ListOffsetsAsync, Latest), lag, and the owning
/// member's consumer id, host and client id (DescribeConsumerGroupsAsync).
/// </summary>
public class ConsumerGroupDescribeTests(AdminSilo silo) : IClassFixture<AdminSilo>
{
    private sealed record Row(string Topic, int Partition, long? CurrentOffset, long LogEndOffset, long? Lag, string ConsumerId, string Host, string ClientId);

    [Fact]
    public async Task Admin_calls_give_every_column_of_a_consumer_group_description()
    {
        using var admin = silo.CreateAdmin();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = "describe-topic", NumPartitions = 2 }]);
        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = silo.BootstrapServers }).Build())
        {
            for (var i = 0; i < 5; i++)
            {
                await producer.ProduceAsync(new TopicPartition("describe-topic", 0), new Message<Null, string> { Value = "a" });
            }

            for (var i = 0; i < 2; i++)
            {
                await producer.ProduceAsync(new TopicPartition("describe-topic", 1), new Message<Null, string> { Value = "b" });
            }
        }

        await admin.AlterConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitionOffsets("describe-group", [new TopicPartitionOffset("describe-topic", 0, 3)])]);
        TopicPartition[] assignment = [new("describe-topic", 0), new("describe-topic", 1)];
        await using var member = await RawGroupMember.JoinAsync(silo.BootstrapServers, "describe-group", "describe-client", assignment);

        var group = Assert.Single((await admin.DescribeConsumerGroupsAsync(["describe-group"])).ConsumerGroupDescriptions);
        var owners = group.Members.SelectMany(m => m.Assignment.TopicPartitions.Select(tp => (tp, m))).ToDictionary(x => x.tp, x => x.m);
        var committed = Assert.Single(await admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions("describe-group", [.. owners.Keys])])).Partitions;
        var ends = (await admin.ListOffsetsAsync(owners.Keys.Select(tp => new TopicPartitionOffsetSpec { TopicPartition = tp, OffsetSpec = OffsetSpec.Latest() }))).ResultInfos;

        var rows = committed.Select(c =>
        {
            var end = ends.Single(e => e.TopicPartitionOffsetError.TopicPartition == c.TopicPartition).TopicPartitionOffsetError.Offset.Value;
            long? current = c.Offset == Offset.Unset ? null : c.Offset.Value;
            var owner = owners[c.TopicPartition];
            return new Row(c.Topic, c.Partition.Value, current, end, current is null ? null : end - current, owner.ConsumerId, owner.Host, owner.ClientId);
        }).OrderBy(r => r.Partition).ToList();

        Assert.Equal(ConsumerGroupState.Stable, group.State);
        Assert.Equal(
            [
                new Row("describe-topic", 0, 3, 5, 2, member.MemberId, rows[0].Host, "describe-client"),
                new Row("describe-topic", 1, null, 2, null, member.MemberId, rows[1].Host, "describe-client"),
            ],
            rows);
        Assert.All(rows, r => Assert.Contains("127.0.0.1", r.Host, StringComparison.Ordinal));
    }
}
