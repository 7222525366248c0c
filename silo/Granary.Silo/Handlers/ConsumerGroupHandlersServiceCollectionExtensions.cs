// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Grains.ConsumerGroups;
using Granary.Silo.Configuration;
using Granary.Silo.Dispatch;

namespace Granary.Silo.Handlers;

/// <summary>Registers the group coordinator: group grains configured from the broker's group.* and offsets.* settings, and the group API handlers.</summary>
public static class ConsumerGroupHandlersServiceCollectionExtensions
{
    public static IServiceCollection AddConsumerGroupHandlers(this IServiceCollection services, BrokerOptions broker)
    {
        ArgumentNullException.ThrowIfNull(broker);
        services.AddConsumerGroupGrains(options =>
        {
            options.GroupInitialRebalanceDelayMs = broker.GroupInitialRebalanceDelayMs;
            options.GroupMinSessionTimeoutMs = broker.GroupMinSessionTimeoutMs;
            options.GroupMaxSessionTimeoutMs = broker.GroupMaxSessionTimeoutMs;
            options.GroupMaxSize = broker.GroupMaxSize;
            options.OffsetsTopicNumPartitions = broker.OffsetsTopicNumPartitions;
            options.OffsetsTopicReplicationFactor = broker.OffsetsTopicReplicationFactor;
            options.OffsetsTopicSegmentBytes = broker.OffsetsTopicSegmentBytes;
            options.OffsetsRetentionMinutes = broker.OffsetsRetentionMinutes;
            options.OffsetMetadataMaxBytes = broker.OffsetMetadataMaxBytes;
            options.OffsetsRetentionCheckIntervalMs = broker.OffsetsRetentionCheckIntervalMs;
        });
        services.AddApiHandler<FindCoordinatorHandler>();
        services.AddApiHandler<JoinGroupHandler>();
        services.AddApiHandler<SyncGroupHandler>();
        services.AddApiHandler<HeartbeatHandler>();
        services.AddApiHandler<LeaveGroupHandler>();
        services.AddApiHandler<OffsetCommitHandler>();
        services.AddApiHandler<OffsetFetchHandler>();
        services.AddApiHandler<DescribeGroupsHandler>();
        services.AddApiHandler<ListGroupsHandler>();
        services.AddApiHandler<DeleteGroupsHandler>();
        services.AddApiHandler<OffsetDeleteHandler>();
        return services;
    }
}
