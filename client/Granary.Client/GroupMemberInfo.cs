// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>A group member as ListGroups sees it, with the raw metadata and assignment bytes.</summary>
public class GroupMemberInfo(string memberId, string clientId, string clientHost, byte[] memberMetadata, byte[] memberAssignment)
{
    public string MemberId { get; } = memberId;

    public string ClientId { get; } = clientId;

    public string ClientHost { get; } = clientHost;

    public byte[] MemberMetadata { get; } = memberMetadata;

    public byte[] MemberAssignment { get; } = memberAssignment;
}
