// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>A group's offsets as committed by AlterConsumerGroupOffsetsAsync.</summary>
public class AlterConsumerGroupOffsetsResult
{
    public string Group { get; set; } = string.Empty;

    public List<TopicPartitionOffset> Partitions { get; set; } = [];

    public override string ToString() => $"{Group} {Partitions}";
}
