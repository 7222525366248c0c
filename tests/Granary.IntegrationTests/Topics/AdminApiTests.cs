// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.IntegrationTests.Infrastructure;
using Granary.Protocol;
using Granary.Protocol.Messages;
using Xunit;
using static Granary.IntegrationTests.Topics.AdminCalls;

namespace Granary.IntegrationTests.Topics;

public sealed class AdminApiTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(7)]
    public async Task CreateTopics_creates_validates_and_reports_per_topic_errors(short version)
    {
        await using var silo = await InProcessSilo.StartAsync(["--override", "num.partitions=2"]);

        var response = await CreateAsync(silo.Port, version, validateOnly: false,
            Topic("orders", 3, 1, ("retention.ms", "60000")),
            Topic("bad name", 1),
            Topic("wide", 1, 3),
            Topic("empty", 0),
            Topic("bad-config", 1, 1, ("retention.ms", "-7")));

        Assert.Equal(
            [KafkaErrorCode.None, KafkaErrorCode.InvalidTopicException, KafkaErrorCode.InvalidReplicationFactor, KafkaErrorCode.InvalidPartitions, KafkaErrorCode.InvalidConfig],
            response.Topics.Select(t => (KafkaErrorCode)t.ErrorCode));
        Assert.Equal(["orders", "bad name", "wide", "empty", "bad-config"], response.Topics.Select(t => t.Name));
        if (version >= 1)
        {
            Assert.Contains("retention.ms", response.Topics[4].ErrorMessage, StringComparison.Ordinal);
        }

        if (version >= 5)
        {
            var orders = response.Topics[0];
            Assert.Equal(3, orders.NumPartitions);
            Assert.Equal(1, orders.ReplicationFactor);
            var retention = Assert.Single(orders.Configs!, c => c.Name == "retention.ms");
            Assert.Equal("60000", retention.Value);
            Assert.Equal(1, retention.ConfigSource);
            Assert.Equal(version >= 7, orders.TopicId != Guid.Empty);
        }

        var metadata = await MetadataAsync(silo.Port, "orders");
        Assert.Equal([0, 1, 2], Assert.Single(metadata.Topics).Partitions.Select(p => p.PartitionIndex).Order());

        var again = await CreateAsync(silo.Port, version, validateOnly: false, Topic("orders", 3));
        Assert.Equal((short)KafkaErrorCode.TopicAlreadyExists, Assert.Single(again.Topics).ErrorCode);

        if (version >= 4)
        {
            var defaults = await CreateAsync(silo.Port, version, validateOnly: false, Topic("defaults", -1, -1));
            Assert.Equal((short)KafkaErrorCode.None, Assert.Single(defaults.Topics).ErrorCode);
            Assert.Equal(2, Assert.Single((await MetadataAsync(silo.Port, "defaults")).Topics).Partitions.Count);
        }
    }

    [Fact]
    public async Task CreateTopics_validate_only_and_duplicates_write_nothing()
    {
        await using var silo = await InProcessSilo.StartAsync();

        var validated = await CreateAsync(silo.Port, 5, validateOnly: true, Topic("checked", 4));
        Assert.Equal((short)KafkaErrorCode.None, Assert.Single(validated.Topics).ErrorCode);
        Assert.Equal(4, validated.Topics[0].NumPartitions);
        var duplicated = await CreateAsync(silo.Port, 5, validateOnly: false, Topic("twice", 1), Topic("twice", 1));
        Assert.All(duplicated.Topics, t => Assert.Equal((short)KafkaErrorCode.InvalidRequest, t.ErrorCode));

        var metadata = await MetadataAsync(silo.Port, "checked", "twice");
        Assert.All(metadata.Topics, t => Assert.Equal((short)KafkaErrorCode.UnknownTopicOrPartition, t.ErrorCode));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(6)]
    public async Task DeleteTopics_deletes_by_name_and_by_id(short version)
    {
        await using var silo = await InProcessSilo.StartAsync();
        var created = await CreateAsync(silo.Port, 7, validateOnly: false, Topic("a", 1), Topic("b", 1));
        var idOfB = created.Topics[1].TopicId;

        var request = version >= 6
            ? new DeleteTopicsRequest { Topics = [new() { Name = "a" }, new() { TopicId = idOfB }, new() { Name = "missing" }] }
            : new DeleteTopicsRequest { TopicNames = ["a", "b", "missing"] };
        var response = await CallAsync<DeleteTopicsResponse>(silo.Port, request, version);

        Assert.Equal([KafkaErrorCode.None, KafkaErrorCode.None, KafkaErrorCode.UnknownTopicOrPartition], response.Responses.Select(r => (KafkaErrorCode)r.ErrorCode));
        Assert.Equal(["a", "b", "missing"], response.Responses.Select(r => r.Name));
        if (version >= 6)
        {
            Assert.Equal(idOfB, response.Responses[1].TopicId);
        }

        var metadata = await MetadataAsync(silo.Port, "a", "b");
        Assert.All(metadata.Topics, t => Assert.Equal((short)KafkaErrorCode.UnknownTopicOrPartition, t.ErrorCode));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public async Task CreatePartitions_only_grows_and_honours_validate_only(short version)
    {
        await using var silo = await InProcessSilo.StartAsync();
        await CreateAsync(silo.Port, 5, validateOnly: false, Topic("grow", 2));

        var response = await CallAsync<CreatePartitionsResponse>(silo.Port, new CreatePartitionsRequest
        {
            Topics = [new() { Name = "grow", Count = 5, Assignments = null }, new() { Name = "missing", Count = 2, Assignments = null }],
        }, version);
        Assert.Equal([KafkaErrorCode.None, KafkaErrorCode.UnknownTopicOrPartition], response.Results.Select(r => (KafkaErrorCode)r.ErrorCode));
        Assert.Equal(5, Assert.Single((await MetadataAsync(silo.Port, "grow")).Topics).Partitions.Count);

        var shrink = await CallAsync<CreatePartitionsResponse>(silo.Port, new CreatePartitionsRequest
        {
            Topics = [new() { Name = "grow", Count = 3, Assignments = null }],
        }, version);
        Assert.Equal((short)KafkaErrorCode.InvalidPartitions, Assert.Single(shrink.Results).ErrorCode);

        var validateOnly = await CallAsync<CreatePartitionsResponse>(silo.Port, new CreatePartitionsRequest
        {
            Topics = [new() { Name = "grow", Count = 8, Assignments = null }],
            ValidateOnly = true,
        }, version);
        Assert.Equal((short)KafkaErrorCode.None, Assert.Single(validateOnly.Results).ErrorCode);
        Assert.Equal(5, Assert.Single((await MetadataAsync(silo.Port, "grow")).Topics).Partitions.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task DescribeConfigs_reports_values_sources_synonyms_and_documentation(short version)
    {
        await using var silo = await InProcessSilo.StartAsync(["--override", "log.retention.hours=1"]);
        await CreateAsync(silo.Port, 5, validateOnly: false, Topic("described", 1, 1, ("segment.bytes", "1048576")));

        var result = await DescribeTopicAsync(silo.Port, "described", version, synonyms: true, documentation: true);

        Assert.Equal((short)KafkaErrorCode.None, result.ErrorCode);
        var segment = Assert.Single(result.Configs, c => c.Name == "segment.bytes");
        var retention = Assert.Single(result.Configs, c => c.Name == "retention.ms");
        var policy = Assert.Single(result.Configs, c => c.Name == "cleanup.policy");
        Assert.Equal("1048576", segment.Value);
        Assert.Equal("3600000", retention.Value);
        Assert.Equal("delete", policy.Value);
        if (version == 0)
        {
            Assert.False(segment.IsDefault);
            Assert.True(policy.IsDefault);
        }
        else
        {
            Assert.Equal([1, 4, 5], new[] { segment, retention, policy }.Select(c => (int)c.ConfigSource));
            Assert.Equal(["log.retention.ms", "log.retention.ms"], retention.Synonyms.Select(s => s.Name));
            Assert.Equal(["3600000", "604800000"], retention.Synonyms.Select(s => s.Value));
        }

        if (version >= 3)
        {
            Assert.Equal(5, retention.ConfigType); // LONG
            Assert.False(string.IsNullOrEmpty(retention.Documentation));
        }

        var missing = await DescribeTopicAsync(silo.Port, "missing", version);
        Assert.Equal((short)KafkaErrorCode.UnknownTopicOrPartition, missing.ErrorCode);
    }

    [Fact]
    public async Task DescribeConfigs_describes_this_broker()
    {
        await using var silo = await InProcessSilo.StartAsync(["--silo-id", "7", "--override", "num.partitions=3"]);
        var response = await CallAsync<DescribeConfigsResponse>(silo.Port, new DescribeConfigsRequest
        {
            Resources =
            [
                new() { ResourceType = 4, ResourceName = "7", ConfigurationKeys = ["num.partitions", "log.retention.ms"] },
                new() { ResourceType = 4, ResourceName = "8", ConfigurationKeys = null },
                new() { ResourceType = 9, ResourceName = "x", ConfigurationKeys = null },
            ],
        }, 4);

        var mine = response.Results[0];
        Assert.Equal((short)KafkaErrorCode.None, mine.ErrorCode);
        Assert.Equal(["num.partitions", "log.retention.ms"], mine.Configs.Select(c => c.Name));
        Assert.Equal("3", mine.Configs[0].Value);
        Assert.Equal(4, mine.Configs[0].ConfigSource);
        Assert.All(mine.Configs, c => Assert.True(c.ReadOnly));
        Assert.Equal((short)KafkaErrorCode.InvalidRequest, response.Results[1].ErrorCode);
        Assert.Equal((short)KafkaErrorCode.InvalidRequest, response.Results[2].ErrorCode);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public async Task AlterConfigs_replaces_topic_overrides(short version)
    {
        await using var silo = await InProcessSilo.StartAsync();
        await CreateAsync(silo.Port, 5, validateOnly: false, Topic("altered", 1, 1, ("segment.bytes", "1048576")));

        var response = await CallAsync<AlterConfigsResponse>(silo.Port, new AlterConfigsRequest
        {
            Resources =
            [
                new() { ResourceType = 2, ResourceName = "altered", Configs = [new() { Name = "retention.ms", Value = "120000" }] },
                new() { ResourceType = 2, ResourceName = "missing", Configs = [] },
                new() { ResourceType = 4, ResourceName = "0", Configs = [new() { Name = "num.partitions", Value = "3" }] },
            ],
        }, version);
        Assert.Equal([KafkaErrorCode.None, KafkaErrorCode.UnknownTopicOrPartition, KafkaErrorCode.InvalidRequest], response.Responses.Select(r => (KafkaErrorCode)r.ErrorCode));

        var described = await DescribeTopicAsync(silo.Port, "altered");
        Assert.Equal("120000", Assert.Single(described.Configs, c => c.Name == "retention.ms").Value);
        Assert.Equal("1073741824", Assert.Single(described.Configs, c => c.Name == "segment.bytes").Value);

        var invalid = await CallAsync<AlterConfigsResponse>(silo.Port, new AlterConfigsRequest
        {
            Resources = [new() { ResourceType = 2, ResourceName = "altered", Configs = [new() { Name = "segment.bytes", Value = "10" }] }],
        }, version);
        Assert.Equal((short)KafkaErrorCode.InvalidConfig, Assert.Single(invalid.Responses).ErrorCode);
        Assert.Contains("segment.bytes", invalid.Responses[0].ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task IncrementalAlterConfigs_sets_deletes_appends_and_subtracts(short version)
    {
        await using var silo = await InProcessSilo.StartAsync();
        await CreateAsync(silo.Port, 5, validateOnly: false, Topic("inc", 1, 1, ("retention.bytes", "4096")));

        var response = await CallAsync<IncrementalAlterConfigsResponse>(silo.Port, new IncrementalAlterConfigsRequest
        {
            Resources =
            [
                new()
                {
                    ResourceType = 2,
                    ResourceName = "inc",
                    Configs =
                    [
                        new() { Name = "retention.ms", ConfigOperation = 0, Value = "5000" },
                        new() { Name = "retention.bytes", ConfigOperation = 1, Value = null },
                        new() { Name = "cleanup.policy", ConfigOperation = 2, Value = "compact" },
                    ],
                },
            ],
        }, version);
        Assert.Equal((short)KafkaErrorCode.None, Assert.Single(response.Responses).ErrorCode);

        var described = await DescribeTopicAsync(silo.Port, "inc");
        Assert.Equal("5000", Assert.Single(described.Configs, c => c.Name == "retention.ms").Value);
        Assert.Equal("-1", Assert.Single(described.Configs, c => c.Name == "retention.bytes").Value);
        Assert.Equal("delete,compact", Assert.Single(described.Configs, c => c.Name == "cleanup.policy").Value);

        var subtract = await CallAsync<IncrementalAlterConfigsResponse>(silo.Port, new IncrementalAlterConfigsRequest
        {
            Resources = [new() { ResourceType = 2, ResourceName = "inc", Configs = [new() { Name = "retention.ms", ConfigOperation = 3, Value = "5000" }] }],
        }, version);
        Assert.Equal((short)KafkaErrorCode.InvalidConfig, Assert.Single(subtract.Responses).ErrorCode);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task DescribeCluster_lists_the_silo_and_the_controller(short version)
    {
        await using var silo = await InProcessSilo.StartAsync(["--silo-id", "4"]);

        var response = await CallAsync<DescribeClusterResponse>(silo.Port, new DescribeClusterRequest(), version);

        Assert.Equal((short)KafkaErrorCode.None, response.ErrorCode);
        Assert.Equal(4, response.ControllerId);
        Assert.False(string.IsNullOrEmpty(response.ClusterId));
        var broker = Assert.Single(response.Brokers);
        Assert.Equal((4, silo.Port), (broker.BrokerId, broker.Port));
        Assert.Equal(int.MinValue, response.ClusterAuthorizedOperations);

        if (version >= 1)
        {
            var controllers = await CallAsync<DescribeClusterResponse>(silo.Port, new DescribeClusterRequest { EndpointType = 2 }, version);
            Assert.Equal((short)KafkaErrorCode.UnsupportedEndpointType, controllers.ErrorCode);
        }
    }

    [Fact]
    public async Task Topics_and_their_configs_survive_a_silo_restart()
    {
        using var data = new TempDirectory();
        await using (var first = await SiloProcess.StartAsync(data.Path))
        {
            var created = await CreateAsync(first.Port, 7, validateOnly: false, Topic("durable", 3, 1, ("retention.ms", "90000")));
            Assert.Equal((short)KafkaErrorCode.None, Assert.Single(created.Topics).ErrorCode);
            Assert.Equal(0, await first.TerminateAsync());
        }

        await using var second = await SiloProcess.StartAsync(data.Path);
        Assert.Equal(3, Assert.Single((await MetadataAsync(second.Port, "durable")).Topics).Partitions.Count);
        var described = await DescribeTopicAsync(second.Port, "durable");
        Assert.Equal("90000", Assert.Single(described.Configs, c => c.Name == "retention.ms").Value);
        Assert.Equal(0, await second.TerminateAsync());
    }
}
