// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Cluster;
using Granary.Runtime;

namespace Granary.Grains.Topics;

/// <summary>
/// One topic (key: the topic name): its partition count and config overrides, read from the cluster table on
/// activation and re-read when the silo's metadata version moves. Config and partition changes go through it, so
/// it can push them to the topic's open partition logs at once. Call it through <see cref="TopicGrainExtensions"/>.
/// </summary>
public interface ITopicGrain : IGrainWithStringKey
{
    /// <summary>The topic's row, or null when no such topic exists.</summary>
    Task<TopicRecord?> GetAsync();

    /// <summary>DescribeConfigs for this topic (all configs when <paramref name="names"/> is null or empty).</summary>
    Task<(TopicResult Result, IReadOnlyList<TopicConfigEntry> Entries)> DescribeConfigsAsync(IReadOnlyCollection<string>? names);

    /// <summary>AlterConfigs: replaces every override; then the open logs get the new configs.</summary>
    Task<TopicResult> AlterConfigsAsync(IReadOnlyDictionary<string, string?> configs, bool validateOnly);

    /// <summary>IncrementalAlterConfigs: SET/DELETE/APPEND/SUBTRACT; then the open logs get the new configs.</summary>
    Task<TopicResult> IncrementalAlterConfigsAsync(IReadOnlyList<ConfigAlteration> alterations, bool validateOnly);

    /// <summary>CreatePartitions: grows the topic to <paramref name="totalCount"/> partitions.</summary>
    Task<TopicResult> CreatePartitionsAsync(int totalCount, bool validateOnly);

    /// <summary>
    /// Metadata for this topic: the topic and its partitions, creating it first with the broker defaults when
    /// <paramref name="allowAutoCreate"/> and auto.create.topics.enable allow it.
    /// </summary>
    Task<TopicDescription> DescribeAsync(bool allowAutoCreate);

    /// <summary>CreateTopics for this topic (-1 partitions / replication factor = the broker defaults).</summary>
    Task<TopicResult> CreateAsync(int partitions, short replicationFactor, IReadOnlyDictionary<string, string?> configs, bool validateOnly);

    /// <summary>DeleteTopics: removes the topic from the cluster table and its local partition logs.</summary>
    Task<TopicResult> DeleteAsync();
}
