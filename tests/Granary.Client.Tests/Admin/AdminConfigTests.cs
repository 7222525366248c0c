// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Client.Admin;
using Xunit;

namespace Granary.Client.Tests.Admin;

public class AdminConfigTests(AdminSilo silo) : IClassFixture<AdminSilo>
{
    private static ConfigResource Topic(string name) => new() { Type = ResourceType.Topic, Name = name };

    [Fact]
    public async Task DescribeConfigs_gives_values_sources_defaults_and_synonyms()
    {
        using var admin = silo.CreateAdmin();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = "cfg-describe", NumPartitions = 1, Configs = new() { ["retention.ms"] = "60000" } }]);

        var result = Assert.Single(await admin.DescribeConfigsAsync([Topic("cfg-describe")]));
        Assert.Equal(Topic("cfg-describe"), result.ConfigResource);
        var retention = result.Entries["retention.ms"];
        Assert.Equal("60000", retention.Value);
        Assert.False(retention.IsDefault);
        Assert.Equal(ConfigSource.DynamicTopicConfig, retention.Source);
        Assert.Equal("retention.ms", retention.Synonyms[0].Name);
        Assert.Equal(ConfigSource.DynamicTopicConfig, retention.Synonyms[0].Source);

        var cleanup = result.Entries["cleanup.policy"];
        Assert.Equal("delete", cleanup.Value);
        Assert.True(cleanup.IsDefault || cleanup.Source == ConfigSource.StaticBrokerConfig);
        Assert.NotEqual(ConfigSource.DynamicTopicConfig, cleanup.Source);
    }

    [Fact]
    public async Task DescribeConfigs_of_an_unknown_topic_throws_with_the_resource_error()
    {
        using var admin = silo.CreateAdmin();
        var ex = await Assert.ThrowsAsync<DescribeConfigsException>(() => admin.DescribeConfigsAsync([Topic("cfg-missing")]));
        var report = Assert.Single(ex.Results);
        Assert.Equal(ErrorCode.UnknownTopicOrPart, report.Error.Code);
    }

    [Fact]
    public async Task DescribeConfigs_of_the_broker_goes_to_that_broker()
    {
        using var admin = silo.CreateAdmin();
        var node = Assert.Single((await admin.DescribeClusterAsync()).Nodes);
        var broker = new ConfigResource { Type = ResourceType.Broker, Name = node.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var result = Assert.Single(await admin.DescribeConfigsAsync([broker]));
        var partitions = result.Entries["num.partitions"];
        Assert.Equal("4", partitions.Value);
        Assert.False(partitions.IsDefault);
    }

    [Fact]
    public async Task AlterConfigs_replaces_and_rejects_bad_values()
    {
        using var admin = silo.CreateAdmin();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = "cfg-alter", NumPartitions = 1, Configs = new() { ["retention.ms"] = "60000" } }]);
        await admin.AlterConfigsAsync(new Dictionary<ConfigResource, List<ConfigEntry>>
        {
            [Topic("cfg-alter")] = [new ConfigEntry { Name = "cleanup.policy", Value = "compact" }],
        });
        var entries = Assert.Single(await admin.DescribeConfigsAsync([Topic("cfg-alter")])).Entries;
        Assert.Equal("compact", entries["cleanup.policy"].Value);

        // AlterConfigs replaces the whole dynamic set: retention.ms falls back to its default.
        Assert.NotEqual(ConfigSource.DynamicTopicConfig, entries["retention.ms"].Source);

        var ex = await Assert.ThrowsAsync<AlterConfigsException>(() => admin.AlterConfigsAsync(new Dictionary<ConfigResource, List<ConfigEntry>>
        {
            [Topic("cfg-alter")] = [new ConfigEntry { Name = "retention.ms", Value = "soon" }],
        }));
        Assert.Equal(ErrorCode.InvalidConfig, Assert.Single(ex.Results).Error.Code);

        var unknownName = await Assert.ThrowsAsync<AlterConfigsException>(() => admin.AlterConfigsAsync(new Dictionary<ConfigResource, List<ConfigEntry>>
        {
            [Topic("cfg-alter")] = [new ConfigEntry { Name = "no.such.config", Value = "1" }],
        }));
        Assert.Equal(ErrorCode.InvalidConfig, Assert.Single(unknownName.Results).Error.Code);
    }

    [Fact]
    public async Task IncrementalAlterConfigs_sets_and_deletes_single_configs()
    {
        using var admin = silo.CreateAdmin();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = "cfg-incremental", NumPartitions = 1, Configs = new() { ["retention.ms"] = "60000" } }]);
        var changed = await admin.IncrementalAlterConfigsAsync(new Dictionary<ConfigResource, List<ConfigEntry>>
        {
            [Topic("cfg-incremental")] = [new ConfigEntry { Name = "segment.ms", Value = "3600000", IncrementalOperation = AlterConfigOpType.Set }],
        });
        Assert.Equal(Topic("cfg-incremental"), Assert.Single(changed).ConfigResource);
        var entries = Assert.Single(await admin.DescribeConfigsAsync([Topic("cfg-incremental")])).Entries;
        Assert.Equal("3600000", entries["segment.ms"].Value);
        Assert.Equal("60000", entries["retention.ms"].Value);

        await admin.IncrementalAlterConfigsAsync(new Dictionary<ConfigResource, List<ConfigEntry>>
        {
            [Topic("cfg-incremental")] = [new ConfigEntry { Name = "retention.ms", IncrementalOperation = AlterConfigOpType.Delete }],
        });
        entries = Assert.Single(await admin.DescribeConfigsAsync([Topic("cfg-incremental")])).Entries;
        Assert.NotEqual(ConfigSource.DynamicTopicConfig, entries["retention.ms"].Source);
        Assert.Equal("3600000", entries["segment.ms"].Value);

        var ex = await Assert.ThrowsAsync<IncrementalAlterConfigsException>(() => admin.IncrementalAlterConfigsAsync(new Dictionary<ConfigResource, List<ConfigEntry>>
        {
            [Topic("cfg-incremental")] = [new ConfigEntry { Name = "segment.ms", Value = "-5" }],
            [Topic("cfg-unknown-topic")] = [new ConfigEntry { Name = "segment.ms", Value = "1000" }],
        }));
        var byName = ex.Results.ToDictionary(r => r.ConfigResource.Name, r => r.Error.Code);
        Assert.Equal(ErrorCode.InvalidConfig, byName["cfg-incremental"]);
        Assert.Equal(ErrorCode.UnknownTopicOrPart, byName["cfg-unknown-topic"]);
    }
}
