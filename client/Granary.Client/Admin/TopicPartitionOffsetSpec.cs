// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>A partition and the offset to look up in it.</summary>
public class TopicPartitionOffsetSpec
{
    public TopicPartition TopicPartition { get; set; } = new(string.Empty, Partition.Any);

    public OffsetSpec OffsetSpec { get; set; } = OffsetSpec.Latest();
}
