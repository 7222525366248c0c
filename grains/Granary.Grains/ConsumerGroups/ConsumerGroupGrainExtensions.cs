// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol;
using Granary.Runtime;

namespace Granary.Grains.ConsumerGroups;

/// <summary>Typed calls on a group grain: inner tasks are awaited outside the grain's turn; reads interleave.</summary>
public static class ConsumerGroupGrainExtensions
{
    public static GrainReference<IConsumerGroupGrain> GetConsumerGroupGrain(this IGrainFactory factory, string groupId)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return factory.GetGrain<IConsumerGroupGrain>(groupId);
    }

    public static async ValueTask<JoinGroupResult> JoinGroupAsync(this GrainReference<IConsumerGroupGrain> grain, JoinGroupRequestData request)
    {
        ArgumentNullException.ThrowIfNull(grain);
        var pending = await grain.InvokeAsync(request, static (g, r) => g.BeginJoinGroupAsync(r)).ConfigureAwait(false);
        return await pending.ConfigureAwait(false);
    }

    public static async ValueTask<SyncGroupResult> SyncGroupAsync(this GrainReference<IConsumerGroupGrain> grain, SyncGroupRequestData request)
    {
        ArgumentNullException.ThrowIfNull(grain);
        var pending = await grain.InvokeAsync(request, static (g, r) => g.BeginSyncGroupAsync(r)).ConfigureAwait(false);
        return await pending.ConfigureAwait(false);
    }

    public static ValueTask<KafkaErrorCode> HeartbeatAsync(this GrainReference<IConsumerGroupGrain> grain, string memberId, string? groupInstanceId, int generationId)
    {
        ArgumentNullException.ThrowIfNull(grain);
        return grain.InvokeAsync((memberId, groupInstanceId, generationId), static (g, a) => g.HeartbeatAsync(a.memberId, a.groupInstanceId, a.generationId));
    }

    public static ValueTask<LeaveGroupResult> LeaveGroupAsync(this GrainReference<IConsumerGroupGrain> grain, IReadOnlyList<LeaveGroupMember> members)
    {
        ArgumentNullException.ThrowIfNull(grain);
        return grain.InvokeAsync(members, static (g, m) => g.LeaveGroupAsync(m));
    }

    public static async ValueTask<IReadOnlyList<OffsetCommitPartitionResult>> CommitOffsetsAsync(this GrainReference<IConsumerGroupGrain> grain, OffsetCommitRequestData request)
    {
        ArgumentNullException.ThrowIfNull(grain);
        var pending = await grain.InvokeAsync(request, static (g, r) => g.BeginCommitOffsetsAsync(r)).ConfigureAwait(false);
        return await pending.ConfigureAwait(false);
    }

    public static ValueTask<IReadOnlyList<OffsetFetchPartitionResult>> FetchOffsetsAsync(this GrainReference<IConsumerGroupGrain> grain, IReadOnlyList<TopicPartition>? partitions)
    {
        ArgumentNullException.ThrowIfNull(grain);
        return grain.InvokeAsync(partitions, static (g, p) => g.FetchOffsetsAsync(p));
    }

    public static ValueTask<GroupDescription> DescribeAsync(this GrainReference<IConsumerGroupGrain> grain)
    {
        ArgumentNullException.ThrowIfNull(grain);
        return grain.InvokeAsync(0, static (g, _) => g.DescribeAsync());
    }

    public static ValueTask<GroupListing?> GetListingAsync(this GrainReference<IConsumerGroupGrain> grain)
    {
        ArgumentNullException.ThrowIfNull(grain);
        return grain.InvokeAsync(0, static (g, _) => g.GetListingAsync());
    }

    public static ValueTask<KafkaErrorCode> DeleteGroupAsync(this GrainReference<IConsumerGroupGrain> grain)
    {
        ArgumentNullException.ThrowIfNull(grain);
        return grain.InvokeAsync(0, static (g, _) => g.DeleteGroupAsync());
    }

    public static ValueTask<OffsetDeleteResult> DeleteOffsetsAsync(this GrainReference<IConsumerGroupGrain> grain, IReadOnlyList<TopicPartition> partitions)
    {
        ArgumentNullException.ThrowIfNull(grain);
        return grain.InvokeAsync(partitions, static (g, p) => g.DeleteOffsetsAsync(p));
    }
}
