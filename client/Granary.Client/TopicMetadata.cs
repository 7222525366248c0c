// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>A topic in a metadata response.</summary>
public class TopicMetadata(string topic, List<PartitionMetadata> partitions, Error error)
{
    public string Topic { get; } = topic;

    public List<PartitionMetadata> Partitions { get; } = partitions;

    public Error Error { get; } = error;
}
