// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>The partitions a group member is assigned.</summary>
public class MemberAssignment
{
    public List<TopicPartition> TopicPartitions { get; set; } = [];
}
