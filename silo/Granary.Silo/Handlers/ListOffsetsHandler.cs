// Copyright (c) Granary contributors. Licensed under the MIT License.
// ListOffsets (API key 2), versions 0-10.
//   v0: max_num_offsets and old_style_offsets (answered with the one offset found, or none).
//   v1+: one offset and its timestamp per partition; v2+ isolation_level (read_committed: "latest" is the
//       LastStableOffset, equal to the HighWatermark until transactions exist); v4+ leader epochs (0 on one silo);
//   v6+ flexible; v7+ timestamp -3 = the record with the largest timestamp (KIP-734); v8+ -4 = earliest local
//   (no tiered storage: same as earliest); v9+ -5 (latest tiered) answers -1/-1; v10 timeout_ms.
// Timestamps: -2 earliest = LogStartOffset, -1 latest = HighWatermark, >= 0 the first offset whose timestamp is at
// least the target (offset -1 / timestamp -1 when none is, as Kafka). UNKNOWN_TOPIC_OR_PARTITION for missing
// partitions, KAFKA_STORAGE_ERROR when the log is offline. OFFSET_NOT_AVAILABLE (a new leader whose HighWatermark has
// not caught up) cannot occur on a single silo.
using Granary.Grains.Partitions;
using Granary.Protocol;
using Granary.Protocol.Messages;
using Granary.Runtime;
using Granary.Silo.Dispatch;

namespace Granary.Silo.Handlers;

public sealed class ListOffsetsHandler : ApiHandler<ListOffsetsRequest, ListOffsetsResponse>
{
    private const long LatestTieredTimestamp = -5;
    private readonly IGrainFactory _grains;

    public ListOffsetsHandler(IGrainFactory grains) => _grains = grains;

    public override ApiKey ApiKey => ApiKey.ListOffsets;

    public override short MinVersion => 0;

    public override short MaxVersion => 10;

    protected override async ValueTask<ListOffsetsResponse?> HandleAsync(ListOffsetsRequest request, ApiRequest context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var isolation = request.IsolationLevel == 1 ? IsolationLevel.ReadCommitted : IsolationLevel.ReadUncommitted;
        var version = context.ApiVersion;
        var response = new ListOffsetsResponse();
        foreach (var topic in request.Topics)
        {
            var topicResponse = new ListOffsetsResponse.ListOffsetsTopicResponse { Name = topic.Name };
            response.Topics.Add(topicResponse);
            foreach (var partition in topic.Partitions)
            {
                var answer = new ListOffsetsResponse.ListOffsetsPartitionResponse { PartitionIndex = partition.PartitionIndex };
                topicResponse.Partitions.Add(answer);
                var timestamp = partition.Timestamp;
                if (timestamp == PartitionListOffsetResult.MaxTimestamp && version < 7 ||
                    timestamp == PartitionListOffsetResult.EarliestLocalTimestamp && version < 8)
                {
                    answer.ErrorCode = (short)KafkaErrorCode.UnsupportedVersion;
                    continue;
                }

                var grain = _grains.GetPartitionGrain(topic.Name, partition.PartitionIndex);
                var result = timestamp == LatestTieredTimestamp
                    ? await LatestTieredAsync(grain).ConfigureAwait(false)
                    : await grain.ListOffsetAsync(timestamp, isolation).ConfigureAwait(false);
                answer.ErrorCode = (short)result.ErrorCode;
                if (version == 0)
                {
                    answer.OldStyleOffsets = result.ErrorCode == KafkaErrorCode.None && result.Offset >= 0 && partition.MaxNumOffsets > 0 ? [result.Offset] : [];
                    continue;
                }

                answer.Offset = result.Offset;
                answer.Timestamp = result.Timestamp;
                if (version >= 4)
                {
                    answer.LeaderEpoch = result.LeaderEpoch;
                }
            }
        }

        return response;
    }

    private static async ValueTask<PartitionListOffsetResult> LatestTieredAsync(GrainReference<IPartitionGrain> grain) =>
        await grain.ExistsAsync().ConfigureAwait(false)
            ? new PartitionListOffsetResult(KafkaErrorCode.None, -1, -1, 0)
            : PartitionListOffsetResult.Failed(KafkaErrorCode.UnknownTopicOrPartition);
}
