// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>A partition of a described topic: leader, replicas and in-sync replicas.</summary>
public class TopicPartitionInfo
{
    public int Partition { get; set; }

    /// <summary>The leader; null when the partition has none.</summary>
    public Node? Leader { get; set; }

    public List<Node> Replicas { get; set; } = [];

    public List<Node> ISR { get; set; } = [];
}
