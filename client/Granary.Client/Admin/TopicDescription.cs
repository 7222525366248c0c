// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>A topic as DescribeTopicsAsync sees it.</summary>
public class TopicDescription
{
    public string Name { get; set; } = string.Empty;

    public Uuid? TopicId { get; set; }

    public Error Error { get; set; } = new(ErrorCode.NoError);

    public bool IsInternal { get; set; }

    public List<TopicPartitionInfo> Partitions { get; set; } = [];

    public List<AclOperation>? AuthorizedOperations { get; set; }

    public override string ToString() => $"{Name} ({Partitions.Count} partitions){(Error.IsError ? $": {Error}" : string.Empty)}";
}
