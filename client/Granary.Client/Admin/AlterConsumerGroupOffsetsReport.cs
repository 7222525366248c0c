// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>One group's outcome in an <see cref="AlterConsumerGroupOffsetsException"/>.</summary>
public class AlterConsumerGroupOffsetsReport
{
    public string Group { get; set; } = string.Empty;

    public List<TopicPartitionOffsetError> Partitions { get; set; } = [];

    public Error Error { get; set; } = new(ErrorCode.NoError);

    public override string ToString() => $"{Group} {Partitions} {Error}";
}
