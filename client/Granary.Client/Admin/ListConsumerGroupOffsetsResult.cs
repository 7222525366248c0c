// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>A group's committed offsets (Offset.Unset where none is committed).</summary>
public class ListConsumerGroupOffsetsResult
{
    public string Group { get; set; } = string.Empty;

    public List<TopicPartitionOffsetError> Partitions { get; set; } = [];

    public override string ToString() => $"{Group} {Partitions}";
}
