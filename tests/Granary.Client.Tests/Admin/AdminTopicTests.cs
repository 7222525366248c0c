// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Client.Admin;
using Xunit;

namespace Granary.Client.Tests.Admin;

public class AdminTopicTests(AdminSilo silo) : IClassFixture<AdminSilo>
{
    [Fact]
    public async Task CreateTopics_creates_and_reports_each_failure_by_topic()
    {
        using var admin = silo.CreateAdmin();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = "orders", NumPartitions = 3, ReplicationFactor = 1 }]);

        var metadata = admin.GetMetadata("orders", TimeSpan.FromSeconds(10));
        var topic = Assert.Single(metadata.Topics);
        Assert.False(topic.Error.IsError);
        Assert.Equal([0, 1, 2], topic.Partitions.Select(p => p.PartitionId));

        // One good topic and three bad ones in one call: each has its own outcome.
        var ex = await Assert.ThrowsAsync<CreateTopicsException>(() => admin.CreateTopicsAsync(
        [
            new TopicSpecification { Name = "orders", NumPartitions = 3 },
            new TopicSpecification { Name = "payments", NumPartitions = 2 },
            new TopicSpecification { Name = "zero", NumPartitions = 0 },
            new TopicSpecification { Name = "bad name!", NumPartitions = 1 },
        ]));
        var byTopic = ex.Results.ToDictionary(r => r.Topic, r => r.Error.Code);
        Assert.Equal(ErrorCode.TopicAlreadyExists, byTopic["orders"]);
        Assert.Equal(ErrorCode.NoError, byTopic["payments"]);
        Assert.Equal(ErrorCode.InvalidPartitions, byTopic["zero"]);
        Assert.Equal(ErrorCode.TopicException, byTopic["bad name!"]);
        Assert.Equal(ErrorCode.Local_Partial, ex.Error.Code);
        Assert.Equal(2, Assert.Single(admin.GetMetadata("payments", TimeSpan.FromSeconds(10)).Topics).Partitions.Count);
    }

    [Fact]
    public async Task CreateTopics_validate_only_creates_nothing_and_configs_are_applied()
    {
        using var admin = silo.CreateAdmin();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = "dry-run", NumPartitions = 2 }], new CreateTopicsOptions { ValidateOnly = true });
        var listed = admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics.Select(t => t.Topic);
        Assert.DoesNotContain("dry-run", listed);

        await admin.CreateTopicsAsync([new TopicSpecification
        {
            Name = "configured",
            NumPartitions = 1,
            Configs = new() { ["retention.ms"] = "60000", ["cleanup.policy"] = "compact" },
        }]);
        var described = await admin.DescribeConfigsAsync([new ConfigResource { Type = ResourceType.Topic, Name = "configured" }]);
        var entries = Assert.Single(described).Entries;
        Assert.Equal("60000", entries["retention.ms"].Value);
        Assert.Equal("compact", entries["cleanup.policy"].Value);

        var bad = await Assert.ThrowsAsync<CreateTopicsException>(() => admin.CreateTopicsAsync(
            [new TopicSpecification { Name = "bad-config", NumPartitions = 1, Configs = new() { ["retention.ms"] = "soon" } }]));
        Assert.Equal(ErrorCode.InvalidConfig, Assert.Single(bad.Results).Error.Code);
    }

    [Fact]
    public async Task CreatePartitions_grows_and_refuses_shrinking_and_unknown_topics()
    {
        using var admin = silo.CreateAdmin();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = "growing", NumPartitions = 2 }]);
        await admin.CreatePartitionsAsync([new PartitionsSpecification { Topic = "growing", IncreaseTo = 5 }]);

        var described = await admin.DescribeTopicsAsync(TopicCollection.OfTopicNames(["growing"]));
        Assert.Equal([0, 1, 2, 3, 4], Assert.Single(described.TopicDescriptions).Partitions.Select(p => p.Partition));

        var ex = await Assert.ThrowsAsync<CreatePartitionsException>(() => admin.CreatePartitionsAsync(
        [
            new PartitionsSpecification { Topic = "growing", IncreaseTo = 3 },
            new PartitionsSpecification { Topic = "no-such-topic", IncreaseTo = 3 },
        ]));
        var byTopic = ex.Results.ToDictionary(r => r.Topic, r => r.Error.Code);
        Assert.Equal(ErrorCode.InvalidPartitions, byTopic["growing"]);
        Assert.Equal(ErrorCode.UnknownTopicOrPart, byTopic["no-such-topic"]);
    }

    [Fact]
    public async Task DeleteTopics_deletes_and_reports_unknown_topics()
    {
        using var admin = silo.CreateAdmin();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = "doomed", NumPartitions = 1 }]);
        await admin.DeleteTopicsAsync(["doomed"]);
        Assert.DoesNotContain("doomed", admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics.Select(t => t.Topic));

        var ex = await Assert.ThrowsAsync<DeleteTopicsException>(() => admin.DeleteTopicsAsync(["doomed"]));
        Assert.Equal(ErrorCode.UnknownTopicOrPart, Assert.Single(ex.Results).Error.Code);
    }

    [Fact]
    public async Task DescribeTopics_gives_partitions_leaders_and_topic_ids_and_fails_unknown_topics()
    {
        using var admin = silo.CreateAdmin();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = "described", NumPartitions = 2 }]);
        var cluster = await admin.DescribeClusterAsync();
        var node = Assert.Single(cluster.Nodes);

        var result = await admin.DescribeTopicsAsync(TopicCollection.OfTopicNames(["described"]));
        var topic = Assert.Single(result.TopicDescriptions);
        Assert.False(topic.IsInternal);
        Assert.NotNull(topic.TopicId);
        Assert.Equal(22, topic.TopicId!.ToString().Length);
        Assert.All(topic.Partitions, p =>
        {
            Assert.Equal(node, p.Leader);
            Assert.Equal([node], p.Replicas);
            Assert.Equal([node], p.ISR);
        });

        var ex = await Assert.ThrowsAsync<DescribeTopicsException>(() => admin.DescribeTopicsAsync(TopicCollection.OfTopicNames(["described", "missing"])));
        var byName = ex.Results.TopicDescriptions.ToDictionary(d => d.Name, d => d.Error.Code);
        Assert.Equal(ErrorCode.NoError, byName["described"]);
        Assert.Equal(ErrorCode.UnknownTopicOrPart, byName["missing"]);
    }
}
