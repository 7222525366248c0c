// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>A group and some of its partitions (null: all partitions with committed offsets).</summary>
public class ConsumerGroupTopicPartitions(string group, List<TopicPartition>? topicPartitions)
{
    public string Group { get; } = group;

    public List<TopicPartition>? TopicPartitions { get; } = topicPartitions;

    public override string ToString() => $"{Group} [{(TopicPartitions is null ? "all" : string.Join(", ", TopicPartitions))}]";
}
