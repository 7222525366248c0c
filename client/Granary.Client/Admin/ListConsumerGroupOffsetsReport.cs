// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>One group's outcome in a <see cref="ListConsumerGroupOffsetsException"/>.</summary>
public class ListConsumerGroupOffsetsReport
{
    public string Group { get; set; } = string.Empty;

    public List<TopicPartitionOffsetError> Partitions { get; set; } = [];

    public Error Error { get; set; } = new(ErrorCode.NoError);

    public override string ToString() => $"{Group} {Partitions} {Error}";
}
