// Copyright (c) Granary contributors. Licensed under the MIT License.
// OffsetDelete (API key 47), version 0 (KIP-496).
// Deletes committed offsets of the listed partitions: allowed for an Empty group, and for an active consumer group
// only for topics it does not subscribe to (GROUP_SUBSCRIBED_TO_TOPIC per partition otherwise). Top-level errors:
// GROUP_ID_NOT_FOUND, NON_EMPTY_GROUP (non-consumer protocol with members), INVALID_GROUP_ID,
// COORDINATOR_NOT_AVAILABLE. The tombstones are durable before the answer.
using Granary.Grains.ConsumerGroups;
using Granary.Protocol;
using Granary.Protocol.Messages;
using Granary.Runtime;
using Granary.Silo.Dispatch;

namespace Granary.Silo.Handlers;

public sealed class OffsetDeleteHandler : ApiHandler<OffsetDeleteRequest, OffsetDeleteResponse>
{
    private readonly IGrainFactory _grains;

    public OffsetDeleteHandler(IGrainFactory grains) => _grains = grains;

    public override ApiKey ApiKey => ApiKey.OffsetDelete;

    public override short MinVersion => 0;

    public override short MaxVersion => 0;

    protected override async ValueTask<OffsetDeleteResponse?> HandleAsync(OffsetDeleteRequest request, ApiRequest context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        if (request.GroupId.Length == 0)
        {
            return new OffsetDeleteResponse { ErrorCode = (short)KafkaErrorCode.InvalidGroupId };
        }

        var partitions = request.Topics.SelectMany(t => t.Partitions.Select(p => new TopicPartition(t.Name, p.PartitionIndex))).ToList();
        OffsetDeleteResult result;
        try
        {
            result = await _grains.GetConsumerGroupGrain(request.GroupId).DeleteOffsetsAsync(partitions).ConfigureAwait(false);
        }
        catch (Exception exception) when (GroupCoordinatorCalls.IsUnavailable(exception))
        {
            return new OffsetDeleteResponse { ErrorCode = (short)KafkaErrorCode.CoordinatorNotAvailable };
        }

        var response = new OffsetDeleteResponse { ErrorCode = (short)result.ErrorCode };
        if (result.ErrorCode != KafkaErrorCode.None)
        {
            return response;
        }

        foreach (var topic in result.Partitions.GroupBy(p => p.Topic, StringComparer.Ordinal))
        {
            var answer = new OffsetDeleteResponse.OffsetDeleteResponseTopic { Name = topic.Key };
            response.Topics.Add(answer);
            foreach (var partition in topic)
            {
                answer.Partitions.Add(new OffsetDeleteResponse.OffsetDeleteResponsePartition
                {
                    PartitionIndex = partition.Partition,
                    ErrorCode = (short)partition.ErrorCode,
                });
            }
        }

        return response;
    }
}
