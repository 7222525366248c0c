// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol;

namespace Granary.Grains.ConsumerGroups;

/// <summary>What the coordinator answers to a SyncGroup: the member's assignment and the group's protocol.</summary>
public sealed record SyncGroupResult(KafkaErrorCode ErrorCode, string? ProtocolType, string? ProtocolName, byte[] Assignment)
{
    /// <summary>An error answer with an empty assignment.</summary>
    public static SyncGroupResult Error(KafkaErrorCode errorCode) => new(errorCode, null, null, []);
}
