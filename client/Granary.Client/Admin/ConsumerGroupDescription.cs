// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>A consumer group as DescribeConsumerGroupsAsync sees it.</summary>
public class ConsumerGroupDescription
{
    public string GroupId { get; set; } = string.Empty;

    public Error Error { get; set; } = new(ErrorCode.NoError);

    public bool IsSimpleConsumerGroup { get; set; }

    /// <summary>The assignor the group agreed on (such as range or cooperative-sticky); empty when no member is in the group.</summary>
    public string PartitionAssignor { get; set; } = string.Empty;

    public ConsumerGroupState State { get; set; }

    public ConsumerGroupType Type { get; set; }

    public List<MemberDescription> Members { get; set; } = [];

    /// <summary>The group coordinator that answered.</summary>
    public Node? Coordinator { get; set; }

    /// <summary>Null unless IncludeAuthorizedOperations was asked for and the broker answered them.</summary>
    public List<AclOperation>? AuthorizedOperations { get; set; }

    public override string ToString() => $"{GroupId} ({State}, {Members.Count} members){(Error.IsError ? $": {Error}" : string.Empty)}";
}
