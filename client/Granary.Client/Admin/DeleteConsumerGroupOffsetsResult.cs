// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>The partitions whose committed offsets were deleted from a group.</summary>
public class DeleteConsumerGroupOffsetsResult
{
    public string Group { get; set; } = string.Empty;

    public List<TopicPartition> Partitions { get; set; } = [];

    public override string ToString() => $"{Group} {Partitions}";
}
