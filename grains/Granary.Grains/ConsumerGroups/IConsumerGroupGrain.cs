// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol;
using Granary.Runtime;

namespace Granary.Grains.ConsumerGroups;

/// <summary>
/// One consumer group (key = group id) hosting the <see cref="ConsumerGroup"/> state machine. Calls that wait for a
/// rebalance or for durability return a task inside the task: the grain turn ends at once and the caller awaits the
/// inner task outside it, so one member's JoinGroup never blocks another's. Call it through
/// <see cref="ConsumerGroupGrainExtensions"/>.
/// </summary>
public interface IConsumerGroupGrain : IGrainWithStringKey
{
    /// <summary>JoinGroup; the inner task completes when the rebalance does.</summary>
    Task<Task<JoinGroupResult>> BeginJoinGroupAsync(JoinGroupRequestData request);

    /// <summary>SyncGroup; the inner task completes when the leader's assignment arrives.</summary>
    Task<Task<SyncGroupResult>> BeginSyncGroupAsync(SyncGroupRequestData request);

    Task<KafkaErrorCode> HeartbeatAsync(string memberId, string? groupInstanceId, int generationId);

    Task<LeaveGroupResult> LeaveGroupAsync(IReadOnlyList<LeaveGroupMember> members);

    /// <summary>OffsetCommit; the inner task completes when the commit records are durable in <c>__consumer_offsets</c>.</summary>
    Task<Task<IReadOnlyList<OffsetCommitPartitionResult>>> BeginCommitOffsetsAsync(OffsetCommitRequestData request);

    /// <summary>OffsetFetch of the listed partitions, or of every committed one when null.</summary>
    Task<IReadOnlyList<OffsetFetchPartitionResult>> FetchOffsetsAsync(IReadOnlyList<TopicPartition>? partitions);

    Task<GroupDescription> DescribeAsync();

    /// <summary>The group as ListGroups shows it, or null when it does not exist.</summary>
    Task<GroupListing?> GetListingAsync();

    /// <summary>DeleteGroups for this group; completes when the tombstones are durable.</summary>
    Task<KafkaErrorCode> DeleteGroupAsync();

    /// <summary>OffsetDelete; completes when the tombstones are durable.</summary>
    Task<OffsetDeleteResult> DeleteOffsetsAsync(IReadOnlyList<TopicPartition> partitions);
}
