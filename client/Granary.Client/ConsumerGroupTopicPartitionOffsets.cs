// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>A group and the offsets to commit for it.</summary>
public class ConsumerGroupTopicPartitionOffsets(string group, List<TopicPartitionOffset> topicPartitionOffsets)
{
    public string Group { get; } = group;

    public List<TopicPartitionOffset> TopicPartitionOffsets { get; } = topicPartitionOffsets;

    public override string ToString() => $"{Group} [{string.Join(", ", TopicPartitionOffsets)}]";
}
