// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>The outcome in a <see cref="DeleteConsumerGroupOffsetsException"/>: the group error and each partition's.</summary>
public class DeleteConsumerGroupOffsetsReport
{
    public string Group { get; set; } = string.Empty;

    public List<TopicPartitionError> Partitions { get; set; } = [];

    public Error Error { get; set; } = new(ErrorCode.NoError);

    public override string ToString() => $"{Group} {Partitions} {Error}";
}
