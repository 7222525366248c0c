// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>One partition's offset (and the timestamp of the record found, -1 when none) from ListOffsetsAsync.</summary>
public class ListOffsetsResultInfo
{
    public TopicPartitionOffsetError TopicPartitionOffsetError { get; set; } = new(string.Empty, Partition.Any, Offset.Unset, new Error(ErrorCode.NoError));

    public long Timestamp { get; set; } = -1;

    public override string ToString() => $"{TopicPartitionOffsetError} {Timestamp}";
}
