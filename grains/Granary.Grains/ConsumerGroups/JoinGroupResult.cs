// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol;

namespace Granary.Grains.ConsumerGroups;

/// <summary>What the coordinator answers to a JoinGroup, ready to be written as a JoinGroupResponse.</summary>
public sealed record JoinGroupResult(
    KafkaErrorCode ErrorCode,
    int GenerationId,
    string? ProtocolType,
    string? ProtocolName,
    string LeaderId,
    bool SkipAssignment,
    string MemberId,
    IReadOnlyList<JoinGroupResultMember> Members)
{
    /// <summary>An error answer: generation -1, no protocol, no leader, no members.</summary>
    public static JoinGroupResult Error(KafkaErrorCode errorCode, string memberId) =>
        new(errorCode, -1, null, null, string.Empty, false, memberId, []);
}
