// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol;

namespace Granary.Grains.ConsumerGroups;

/// <summary>What the coordinator answers to a LeaveGroup: a top-level error and one error per member.</summary>
public sealed record LeaveGroupResult(KafkaErrorCode ErrorCode, IReadOnlyList<LeaveGroupMemberResult> Members)
{
    /// <summary>
    /// The top-level error for a response of <paramref name="apiVersion"/>: v0-v2 have no member list, so the
    /// first member's error becomes the response's error, as Kafka's LeaveGroupResponse does.
    /// </summary>
    public KafkaErrorCode TopLevelErrorFor(short apiVersion)
    {
        if (apiVersion >= 3 || ErrorCode != KafkaErrorCode.None)
        {
            return ErrorCode;
        }

        foreach (var member in Members)
        {
            if (member.ErrorCode != KafkaErrorCode.None)
            {
                return member.ErrorCode;
            }
        }

        return KafkaErrorCode.None;
    }
}
