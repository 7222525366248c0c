// Copyright (c) Granary contributors. Licensed under the MIT License.
// DeleteRecords (API key 21), versions 0-2 (v2 flexible).
// Moves each partition's LogStartOffset up to the given offset (-1 = the HighWatermark) and deletes the segments
// wholly below it; answers the new low watermark. OFFSET_OUT_OF_RANGE when the offset is beyond the HighWatermark,
// UNKNOWN_TOPIC_OR_PARTITION for missing partitions, KAFKA_STORAGE_ERROR when the log is offline.
using Granary.Grains.Partitions;
using Granary.Protocol;
using Granary.Protocol.Messages;
using Granary.Runtime;
using Granary.Silo.Dispatch;

namespace Granary.Silo.Handlers;

public sealed class DeleteRecordsHandler : ApiHandler<DeleteRecordsRequest, DeleteRecordsResponse>
{
    private readonly IGrainFactory _grains;

    public DeleteRecordsHandler(IGrainFactory grains) => _grains = grains;

    public override ApiKey ApiKey => ApiKey.DeleteRecords;

    public override short MinVersion => 0;

    public override short MaxVersion => 2;

    protected override async ValueTask<DeleteRecordsResponse?> HandleAsync(DeleteRecordsRequest request, ApiRequest context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = new DeleteRecordsResponse();
        foreach (var topic in request.Topics)
        {
            var topicResult = new DeleteRecordsResponse.DeleteRecordsTopicResult { Name = topic.Name };
            response.Topics.Add(topicResult);
            foreach (var partition in topic.Partitions)
            {
                var result = partition.Offset < -1
                    ? new PartitionDeleteRecordsResult(KafkaErrorCode.OffsetOutOfRange, -1)
                    : await _grains.GetPartitionGrain(topic.Name, partition.PartitionIndex).DeleteRecordsAsync(partition.Offset).ConfigureAwait(false);
                topicResult.Partitions.Add(new DeleteRecordsResponse.DeleteRecordsPartitionResult
                {
                    PartitionIndex = partition.PartitionIndex,
                    ErrorCode = (short)result.ErrorCode,
                    LowWatermark = result.LowWatermark,
                });
            }
        }

        return response;
    }
}
