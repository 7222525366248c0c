// Copyright (c) Granary contributors. Licensed under the MIT License.
// OffsetCommit (API key 8), versions 0-8.
//   v0: no generation or member (a standalone commit). v1: generation_id, member_id and a per-partition
//   commit_timestamp (ignored: the coordinator stamps commits with its own clock). v2-v4 retention_time_ms (ignored:
//   offsets.retention.minutes applies, as in Kafka 2.1+ for groups). v5 drops retention. v6+ committed_leader_epoch.
//   v7+ group_instance_id. v8+ flexible. v9 (KIP-848 member epochs) is not offered.
// The response is written only after the commit's records are durable in __consumer_offsets.
// Errors per partition: UNKNOWN_TOPIC_OR_PARTITION (no such partition), OFFSET_METADATA_TOO_LARGE,
// ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID, REBALANCE_IN_PROGRESS, FENCED_INSTANCE_ID, COORDINATOR_NOT_AVAILABLE,
// NOT_COORDINATOR, INVALID_COMMIT_OFFSET_SIZE.
using Granary.Cluster;
using Granary.Grains.ConsumerGroups;
using Granary.Protocol;
using Granary.Protocol.Messages;
using Granary.Runtime;
using Granary.Silo.Dispatch;

namespace Granary.Silo.Handlers;

public sealed class OffsetCommitHandler : ApiHandler<OffsetCommitRequest, OffsetCommitResponse>
{
    private readonly IGrainFactory _grains;
    private readonly IClusterTable _table;

    public OffsetCommitHandler(IGrainFactory grains, IClusterTable table)
    {
        _grains = grains;
        _table = table;
    }

    public override ApiKey ApiKey => ApiKey.OffsetCommit;

    public override short MinVersion => 0;

    public override short MaxVersion => 8;

    protected override async ValueTask<OffsetCommitResponse?> HandleAsync(OffsetCommitRequest request, ApiRequest context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var version = context.ApiVersion;
        var errors = new Dictionary<(string Topic, int Partition), KafkaErrorCode>();
        var valid = new List<OffsetCommitPartition>();
        foreach (var topic in request.Topics)
        {
            var record = await _table.GetTopicAsync(topic.Name, cancellationToken).ConfigureAwait(false);
            foreach (var partition in topic.Partitions)
            {
                if (record is null || partition.PartitionIndex < 0 || partition.PartitionIndex >= record.PartitionCount)
                {
                    errors[(topic.Name, partition.PartitionIndex)] = KafkaErrorCode.UnknownTopicOrPartition;
                    continue;
                }

                valid.Add(new OffsetCommitPartition(
                    topic.Name,
                    partition.PartitionIndex,
                    partition.CommittedOffset,
                    version >= 6 ? partition.CommittedLeaderEpoch : -1,
                    partition.CommittedMetadata));
            }
        }

        if (valid.Count > 0)
        {
            var data = new OffsetCommitRequestData(
                version >= 1 ? request.MemberId : string.Empty,
                version >= 7 ? request.GroupInstanceId : null,
                version >= 1 ? request.GenerationIdOrMemberEpoch : -1,
                valid);
            try
            {
                var results = await _grains.GetConsumerGroupGrain(request.GroupId).CommitOffsetsAsync(data).ConfigureAwait(false);
                foreach (var result in results)
                {
                    errors[(result.Topic, result.Partition)] = result.ErrorCode;
                }
            }
            catch (Exception exception) when (GroupCoordinatorCalls.IsUnavailable(exception))
            {
                foreach (var partition in valid)
                {
                    errors[(partition.Topic, partition.Partition)] = KafkaErrorCode.CoordinatorNotAvailable;
                }
            }
        }

        var response = new OffsetCommitResponse();
        foreach (var topic in request.Topics)
        {
            var answer = new OffsetCommitResponse.OffsetCommitResponseTopic { Name = topic.Name };
            response.Topics.Add(answer);
            foreach (var partition in topic.Partitions)
            {
                answer.Partitions.Add(new OffsetCommitResponse.OffsetCommitResponsePartition
                {
                    PartitionIndex = partition.PartitionIndex,
                    ErrorCode = (short)errors.GetValueOrDefault((topic.Name, partition.PartitionIndex), KafkaErrorCode.UnknownServerError),
                });
            }
        }

        return response;
    }
}
