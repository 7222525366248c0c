// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Grains.Topics;
using Granary.Protocol;
using Xunit;

namespace Granary.Grains.Tests.Topics;

public sealed class TopicServiceTests
{
    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("has space")]
    [InlineData("slash/name")]
    [InlineData("ünïcode")]
    public async Task Illegal_names_are_refused_with_INVALID_TOPIC_EXCEPTION(string name)
    {
        await using var harness = await TopicHarness.StartAsync();
        var result = await harness.Topics.CreateTopicAsync(name, 1, 1);
        Assert.Equal(KafkaErrorCode.InvalidTopicException, result.Error);
        Assert.Empty(await harness.Table.ListTopicsAsync());
    }

    [Fact]
    public async Task Name_length_limit_is_249()
    {
        await using var harness = await TopicHarness.StartAsync();
        Assert.Equal(KafkaErrorCode.InvalidTopicException, (await harness.Topics.CreateTopicAsync(new string('a', 250), 1, 1)).Error);
        Assert.True((await harness.Topics.CreateTopicAsync(new string('a', 249), 1, 1)).Succeeded);
    }

    [Fact]
    public async Task Existing_and_colliding_names_and_bad_counts_are_refused()
    {
        await using var harness = await TopicHarness.StartAsync();
        Assert.True((await harness.Topics.CreateTopicAsync("metrics.cpu", 2, 1)).Succeeded);

        Assert.Equal(KafkaErrorCode.TopicAlreadyExists, (await harness.Topics.CreateTopicAsync("metrics.cpu", 2, 1)).Error);
        var collision = await harness.Topics.CreateTopicAsync("metrics_cpu", 2, 1);
        Assert.Equal(KafkaErrorCode.InvalidTopicException, collision.Error);
        Assert.Contains("metrics.cpu", collision.Message, StringComparison.Ordinal);
        Assert.Equal(KafkaErrorCode.InvalidPartitions, (await harness.Topics.CreateTopicAsync("zero", 0, 1)).Error);
        Assert.Equal(KafkaErrorCode.InvalidReplicationFactor, (await harness.Topics.CreateTopicAsync("zero-rf", 1, 0)).Error);
        var wide = await harness.Topics.CreateTopicAsync("wide", 1, 2);
        Assert.Equal(KafkaErrorCode.InvalidReplicationFactor, wide.Error);
        Assert.Contains("only 1 broker", wide.Message, StringComparison.Ordinal);
        Assert.Equal(["metrics.cpu"], (await harness.Table.ListTopicsAsync()).Select(t => t.Name));
    }

    [Fact]
    public async Task Invalid_configs_name_the_key_and_the_allowed_range()
    {
        await using var harness = await TopicHarness.StartAsync();
        var bad = await harness.Topics.CreateTopicAsync("t", 1, 1, new Dictionary<string, string?> { ["retention.ms"] = "-5" });
        Assert.Equal(KafkaErrorCode.InvalidConfig, bad.Error);
        Assert.Contains("retention.ms", bad.Message, StringComparison.Ordinal);
        Assert.Contains("[-1,...,9223372036854775807]", bad.Message, StringComparison.Ordinal);

        var unknown = await harness.Topics.CreateTopicAsync("t", 1, 1, new Dictionary<string, string?> { ["retention.fortnights"] = "2" });
        Assert.Equal(KafkaErrorCode.InvalidConfig, unknown.Error);
        Assert.Contains("retention.fortnights", unknown.Message, StringComparison.Ordinal);

        var policy = await harness.Topics.CreateTopicAsync("t", 1, 1, new Dictionary<string, string?> { ["cleanup.policy"] = "delete,shred" });
        Assert.Equal(KafkaErrorCode.InvalidConfig, policy.Error);
        Assert.Empty(await harness.Table.ListTopicsAsync());
    }

    [Fact]
    public async Task Validate_only_checks_everything_and_writes_nothing()
    {
        await using var harness = await TopicHarness.StartAsync(o => o.NumPartitions = 3);
        var result = await harness.Topics.CreateTopicAsync("t", -1, -1, new Dictionary<string, string?> { ["retention.ms"] = "1000" }, validateOnly: true);
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(3, result.Topic!.PartitionCount);
        Assert.Empty(await harness.Table.ListTopicsAsync());
        Assert.Equal(KafkaErrorCode.InvalidReplicationFactor, (await harness.Topics.CreateTopicAsync("t", 1, 5, validateOnly: true)).Error);
    }

    [Fact]
    public async Task Defaults_of_minus_one_take_num_partitions_and_default_replication_factor()
    {
        await using var harness = await TopicHarness.StartAsync(o => o.NumPartitions = 5);
        var result = await harness.Topics.CreateTopicAsync("t", -1, -1);
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(5, (await harness.Table.GetPartitionsAsync("t")).Count);
        Assert.Equal(1, result.Topic!.ReplicationFactor);
    }

    [Fact]
    public async Task Auto_creation_honours_the_switches_and_reserved_names()
    {
        await using (var harness = await TopicHarness.StartAsync(o => o.NumPartitions = 2))
        {
            var created = await harness.Topics.GetOrAutoCreateAsync("events", allowAutoCreate: true);
            Assert.True(created.Succeeded, created.Message);
            Assert.Equal(2, created.Topic!.PartitionCount);
            Assert.Equal(created.Topic.TopicId, (await harness.Topics.GetOrAutoCreateAsync("events", allowAutoCreate: false)).Topic!.TopicId);
            Assert.Equal(KafkaErrorCode.UnknownTopicOrPartition, (await harness.Topics.GetOrAutoCreateAsync("__internal-ish", true)).Error);
            Assert.Equal(KafkaErrorCode.UnknownTopicOrPartition, (await harness.Topics.GetOrAutoCreateAsync("refused", false)).Error);
            Assert.Equal(KafkaErrorCode.InvalidTopicException, (await harness.Topics.GetOrAutoCreateAsync("bad name", true)).Error);
        }

        await using (var disabled = await TopicHarness.StartAsync(o => o.AutoCreateTopicsEnable = false))
        {
            Assert.Equal(KafkaErrorCode.UnknownTopicOrPartition, (await disabled.Topics.GetOrAutoCreateAsync("events", true)).Error);
            Assert.Empty(await disabled.Table.ListTopicsAsync());
        }
    }

    [Fact]
    public async Task Partitions_only_grow()
    {
        await using var harness = await TopicHarness.StartAsync();
        Assert.True((await harness.Topics.CreateTopicAsync("t", 3, 1)).Succeeded);

        Assert.Equal(KafkaErrorCode.InvalidPartitions, (await harness.Topics.CreatePartitionsAsync("t", 3)).Error);
        Assert.Equal(KafkaErrorCode.InvalidPartitions, (await harness.Topics.CreatePartitionsAsync("t", 2)).Error);
        Assert.Equal(KafkaErrorCode.UnknownTopicOrPartition, (await harness.Topics.CreatePartitionsAsync("missing", 4)).Error);
        Assert.True((await harness.Topics.CreatePartitionsAsync("t", 5, validateOnly: true)).Succeeded);
        Assert.Equal(3, (await harness.Table.GetPartitionsAsync("t")).Count);

        Assert.True((await harness.Topics.CreatePartitionsAsync("t", 5)).Succeeded);
        Assert.Equal([0, 1, 2, 3, 4], (await harness.Table.GetPartitionsAsync("t")).Select(p => p.Partition));
    }

    [Fact]
    public async Task Alter_configs_replaces_the_override_set_and_incremental_operations_edit_it()
    {
        await using var harness = await TopicHarness.StartAsync();
        Assert.True((await harness.Topics.CreateTopicAsync("t", 1, 1, new Dictionary<string, string?> { ["retention.ms"] = "1000", ["segment.bytes"] = "1048576" })).Succeeded);

        Assert.True((await harness.Topics.AlterConfigsAsync("t", new Dictionary<string, string?> { ["retention.bytes"] = "4096" })).Succeeded);
        var topic = await harness.Table.GetTopicAsync("t");
        Assert.Equal(new Dictionary<string, string> { ["retention.bytes"] = "4096" }, topic!.Configs);

        var changed = await harness.Topics.IncrementalAlterConfigsAsync("t",
        [
            new ConfigAlteration("retention.ms", ConfigOperation.Set, "2000"),
            new ConfigAlteration("retention.bytes", ConfigOperation.Delete, null),
            new ConfigAlteration("cleanup.policy", ConfigOperation.Append, "compact"),
        ]);
        Assert.True(changed.Succeeded, changed.Message);
        topic = await harness.Table.GetTopicAsync("t");
        Assert.Equal(new Dictionary<string, string> { ["retention.ms"] = "2000", ["cleanup.policy"] = "delete,compact" }, topic!.Configs);

        Assert.True((await harness.Topics.IncrementalAlterConfigsAsync("t", [new ConfigAlteration("cleanup.policy", ConfigOperation.Subtract, "delete")])).Succeeded);
        Assert.Equal("compact", (await harness.Table.GetTopicAsync("t"))!.Configs["cleanup.policy"]);

        var notList = await harness.Topics.IncrementalAlterConfigsAsync("t", [new ConfigAlteration("retention.ms", ConfigOperation.Append, "5")]);
        Assert.Equal(KafkaErrorCode.InvalidConfig, notList.Error);
        var duplicate = await harness.Topics.IncrementalAlterConfigsAsync("t",
            [new ConfigAlteration("retention.ms", ConfigOperation.Set, "5"), new ConfigAlteration("retention.ms", ConfigOperation.Delete, null)]);
        Assert.Equal(KafkaErrorCode.InvalidRequest, duplicate.Error);
        var outOfRange = await harness.Topics.IncrementalAlterConfigsAsync("t", [new ConfigAlteration("min.cleanable.dirty.ratio", ConfigOperation.Set, "1.5")]);
        Assert.Equal(KafkaErrorCode.InvalidConfig, outOfRange.Error);
        Assert.Contains("min.cleanable.dirty.ratio", outOfRange.Message, StringComparison.Ordinal);

        Assert.True((await harness.Topics.IncrementalAlterConfigsAsync("t", [new ConfigAlteration("retention.ms", ConfigOperation.Set, "9")], validateOnly: true)).Succeeded);
        Assert.Equal("2000", (await harness.Table.GetTopicAsync("t"))!.Configs["retention.ms"]);
        Assert.Equal(KafkaErrorCode.UnknownTopicOrPartition, (await harness.Topics.AlterConfigsAsync("missing", new Dictionary<string, string?>())).Error);
    }

    [Fact]
    public async Task Describe_reports_overrides_broker_settings_and_kafka_defaults_with_synonyms()
    {
        await using var harness = await TopicHarness.StartAsync(o => o.BrokerDefaults["retention.ms"] = "3600000");
        Assert.True((await harness.Topics.CreateTopicAsync("t", 1, 1, new Dictionary<string, string?> { ["segment.bytes"] = "1048576" })).Succeeded);

        var (result, entries) = await harness.Topics.DescribeConfigsAsync("t", null);
        Assert.True(result.Succeeded);
        Assert.Equal(TopicConfigCatalog.All.Count, entries.Count);

        var segment = entries.Single(e => e.Name == "segment.bytes");
        Assert.Equal(("1048576", ConfigSource.DynamicTopicConfig), (segment.Value, segment.Source));
        Assert.Equal(["segment.bytes", "log.segment.bytes"], segment.Synonyms.Select(s => s.Name));

        var retention = entries.Single(e => e.Name == "retention.ms");
        Assert.Equal(("3600000", ConfigSource.StaticBrokerConfig), (retention.Value, retention.Source));
        Assert.Equal([ConfigSource.StaticBrokerConfig, ConfigSource.DefaultConfig], retention.Synonyms.Select(s => s.Source));
        Assert.Equal("log.retention.ms", retention.Synonyms[0].Name);

        var policy = entries.Single(e => e.Name == "cleanup.policy");
        Assert.Equal(("delete", ConfigSource.DefaultConfig), (policy.Value, policy.Source));

        var (_, some) = await harness.Topics.DescribeConfigsAsync("t", ["retention.ms"]);
        Assert.Equal(["retention.ms"], some.Select(e => e.Name));
        Assert.Equal(KafkaErrorCode.UnknownTopicOrPartition, (await harness.Topics.DescribeConfigsAsync("missing", null)).Result.Error);
    }

    [Fact]
    public async Task Delete_removes_the_rows_and_the_partition_directories()
    {
        await using var harness = await TopicHarness.StartAsync();
        var created = await harness.Topics.CreateTopicAsync("doomed", 2, 1);
        Assert.True(created.Succeeded);
        foreach (var partition in new[] { 0, 1 })
        {
            await harness.Logs.GetOrCreateAsync(new Storage.TopicPartition("doomed", partition), created.Topic!.TopicId);
        }

        Assert.True(Directory.Exists(Path.Combine(harness.DataDirectory, "doomed-1")));

        var deleted = await harness.Topics.DeleteTopicAsync("doomed");
        Assert.True(deleted.Succeeded, deleted.Message);
        Assert.Empty(await harness.Table.ListTopicsAsync());
        Assert.Empty(await harness.Table.GetPartitionsAsync("doomed"));
        Assert.False(Directory.Exists(Path.Combine(harness.DataDirectory, "doomed-0")));
        Assert.False(Directory.Exists(Path.Combine(harness.DataDirectory, "doomed-1")));

        Assert.Equal(KafkaErrorCode.UnknownTopicOrPartition, (await harness.Topics.DeleteTopicAsync("doomed")).Error);
        Assert.Equal(KafkaErrorCode.UnknownTopicId, (await harness.Topics.DeleteTopicAsync(Guid.NewGuid())).Error);

        var byId = await harness.Topics.CreateTopicAsync("by-id", 1, 1);
        Assert.True((await harness.Topics.DeleteTopicAsync(byId.Topic!.TopicId)).Succeeded);
        Assert.Empty(await harness.Table.ListTopicsAsync());
    }

    [Fact]
    public async Task Delete_is_refused_when_disabled()
    {
        await using var harness = await TopicHarness.StartAsync(o => o.DeleteTopicEnable = false);
        Assert.True((await harness.Topics.CreateTopicAsync("kept", 1, 1)).Succeeded);
        Assert.Equal(KafkaErrorCode.TopicDeletionDisabled, (await harness.Topics.DeleteTopicAsync("kept")).Error);
        Assert.Single(await harness.Table.ListTopicsAsync());
    }

    [Fact]
    public async Task A_config_change_reaches_the_live_partition_log()
    {
        await using var harness = await TopicHarness.StartAsync();
        var created = await harness.Topics.CreateTopicAsync("live", 1, 1);
        var log = await harness.Logs.GetOrCreateAsync(new Storage.TopicPartition("live", 0), created.Topic!.TopicId);
        Assert.Equal(604_800_000, log.Config.RetentionMs);

        Assert.True((await harness.Topics.IncrementalAlterConfigsAsync("live",
            [new ConfigAlteration("retention.ms", ConfigOperation.Set, "60000"), new ConfigAlteration("segment.bytes", ConfigOperation.Set, "1048576")])).Succeeded);
        Assert.Equal(1, harness.Watcher.Apply(await harness.Metadata.RefreshAsync()));

        Assert.Equal(60_000, log.Config.RetentionMs);
        Assert.Equal(1_048_576, log.Config.SegmentBytes);
        Assert.Equal(0, harness.Watcher.Apply(harness.Metadata.Current));
    }
}
