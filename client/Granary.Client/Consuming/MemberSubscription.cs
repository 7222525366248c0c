// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Consuming;

/// <summary>One member's decoded JoinGroup metadata, as the group leader's assignor sees it.</summary>
internal sealed record MemberSubscription(
    string MemberId,
    string? GroupInstanceId,
    IReadOnlyList<string> Topics,
    IReadOnlyList<TopicPartition> OwnedPartitions,
    int GenerationId)
{
    /// <summary>Kafka orders members by group.instance.id when set, so a restarted static member keeps its place.</summary>
    public string SortKey => GroupInstanceId ?? MemberId;
}
