// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Grains.ConsumerGroups;

/// <summary>A member as the leader sees it in its JoinGroup response: id, instance id and protocol metadata.</summary>
public sealed record JoinGroupResultMember(string MemberId, string? GroupInstanceId, byte[] Metadata);
