// Copyright (c) Granary contributors. Licensed under the MIT License.
// OffsetFetch (API key 9), versions 0-8.
//   v0-v1: listed partitions of one group. v2+: null topics = every committed partition, and a top-level error.
//   v3+ throttle. v5+ committed_leader_epoch. v6+ flexible. v7+ require_stable (no transactions yet, so every
//   offset is stable). v8+: several groups in one request, answered per group (KIP-709). v9 (KIP-848 member epochs)
//   is not offered.
// Partitions without a commit answer offset -1, empty metadata. Errors: COORDINATOR_NOT_AVAILABLE (group or top level
// from v2; per partition before).
using Granary.Grains.ConsumerGroups;
using Granary.Protocol;
using Granary.Protocol.Messages;
using Granary.Runtime;
using Granary.Silo.Dispatch;

namespace Granary.Silo.Handlers;

public sealed class OffsetFetchHandler : ApiHandler<OffsetFetchRequest, OffsetFetchResponse>
{
    private readonly IGrainFactory _grains;

    public OffsetFetchHandler(IGrainFactory grains) => _grains = grains;

    public override ApiKey ApiKey => ApiKey.OffsetFetch;

    public override short MinVersion => 0;

    public override short MaxVersion => 8;

    protected override async ValueTask<OffsetFetchResponse?> HandleAsync(OffsetFetchRequest request, ApiRequest context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var version = context.ApiVersion;
        var response = new OffsetFetchResponse();
        if (version >= 8)
        {
            foreach (var group in request.Groups)
            {
                var requested = group.Topics is null ? null : Partitions(group.Topics.Select(t => (t.Name, t.PartitionIndexes)));
                var (error, results) = await FetchAsync(group.GroupId, requested).ConfigureAwait(false);
                var answer = new OffsetFetchResponse.OffsetFetchResponseGroup { GroupId = group.GroupId, ErrorCode = (short)error };
                response.Groups.Add(answer);
                foreach (var topic in results.GroupBy(r => r.Topic, StringComparer.Ordinal))
                {
                    var topicAnswer = new OffsetFetchResponse.OffsetFetchResponseTopics { Name = topic.Key };
                    answer.Topics.Add(topicAnswer);
                    foreach (var result in topic)
                    {
                        topicAnswer.Partitions.Add(new OffsetFetchResponse.OffsetFetchResponsePartitions
                        {
                            PartitionIndex = result.Partition,
                            CommittedOffset = result.Offset,
                            CommittedLeaderEpoch = result.LeaderEpoch,
                            Metadata = result.Metadata,
                            ErrorCode = (short)result.ErrorCode,
                        });
                    }
                }
            }

            return response;
        }

        // v0 and v1 have no "all partitions" form: a null array there is read as empty.
        var partitions = request.Topics is null && version >= 2
            ? null
            : Partitions((request.Topics ?? []).Select(t => (t.Name, t.PartitionIndexes)));
        var (topLevel, found) = await FetchAsync(request.GroupId, partitions).ConfigureAwait(false);
        if (version >= 2)
        {
            response.ErrorCode = (short)topLevel;
        }
        else if (topLevel != KafkaErrorCode.None && partitions is not null)
        {
            found = [.. partitions.Select(p => new OffsetFetchPartitionResult(p.Topic, p.Partition, -1, -1, string.Empty, topLevel))];
        }

        foreach (var topic in found.GroupBy(r => r.Topic, StringComparer.Ordinal))
        {
            var topicAnswer = new OffsetFetchResponse.OffsetFetchResponseTopic { Name = topic.Key };
            response.Topics.Add(topicAnswer);
            foreach (var result in topic)
            {
                topicAnswer.Partitions.Add(new OffsetFetchResponse.OffsetFetchResponsePartition
                {
                    PartitionIndex = result.Partition,
                    CommittedOffset = result.Offset,
                    CommittedLeaderEpoch = result.LeaderEpoch,
                    Metadata = result.Metadata,
                    ErrorCode = (short)result.ErrorCode,
                });
            }
        }

        return response;
    }

    private async ValueTask<(KafkaErrorCode Error, IReadOnlyList<OffsetFetchPartitionResult> Results)> FetchAsync(string groupId, IReadOnlyList<TopicPartition>? partitions)
    {
        try
        {
            return (KafkaErrorCode.None, await _grains.GetConsumerGroupGrain(groupId).FetchOffsetsAsync(partitions).ConfigureAwait(false));
        }
        catch (Exception exception) when (GroupCoordinatorCalls.IsUnavailable(exception))
        {
            return (KafkaErrorCode.CoordinatorNotAvailable, []);
        }
    }

    private static List<TopicPartition> Partitions(IEnumerable<(string Name, List<int> Indexes)> topics) =>
        [.. topics.SelectMany(t => t.Indexes.Select(i => new TopicPartition(t.Name, i)))];
}
