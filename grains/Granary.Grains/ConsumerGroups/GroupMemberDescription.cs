// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Grains.ConsumerGroups;

/// <summary>A member as DescribeGroups reports it; metadata and assignment are empty unless the group is Stable.</summary>
public sealed record GroupMemberDescription(
    string MemberId,
    string? GroupInstanceId,
    string ClientId,
    string ClientHost,
    byte[] MemberMetadata,
    byte[] MemberAssignment);
