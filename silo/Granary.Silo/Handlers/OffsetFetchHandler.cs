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

        // One path for both request shapes: v8+ names several groups, v0-v7 one group at the top level. v0 and v1
        // have no "all partitions" form: a null array there is read as empty.
        IEnumerable<(string GroupId, List<TopicPartition>? Partitions)> groups = version >= 8
            ? request.Groups.Select(g => (g.GroupId, g.Topics is null ? null : Partitions(g.Topics.Select(t => (t.Name, t.PartitionIndexes)))))
            : [(request.GroupId, request.Topics is null && version >= 2 ? null : Partitions((request.Topics ?? []).Select(t => (t.Name, t.PartitionIndexes))))];
        foreach (var (groupId, partitions) in groups)
        {
            var (error, found) = await FetchAsync(groupId, partitions).ConfigureAwait(false);
            if (version < 2 && error != KafkaErrorCode.None && partitions is not null)
            {
                // Before v2 there is no group-level error: every requested partition carries it.
                found = [.. partitions.Select(p => new OffsetFetchPartitionResult(p.Topic, p.Partition, -1, -1, string.Empty, error))];
                error = KafkaErrorCode.None;
            }

            var byTopic = found.GroupBy(r => r.Topic, StringComparer.Ordinal);
            if (version >= 8)
            {
                response.Groups.Add(new OffsetFetchResponse.OffsetFetchResponseGroup
                {
                    GroupId = groupId,
                    ErrorCode = (short)error,
                    Topics = [.. byTopic.Select(t => new OffsetFetchResponse.OffsetFetchResponseTopics
                    {
                        Name = t.Key,
                        Partitions = [.. t.Select(r => new OffsetFetchResponse.OffsetFetchResponsePartitions
                        {
                            PartitionIndex = r.Partition,
                            CommittedOffset = r.Offset,
                            CommittedLeaderEpoch = r.LeaderEpoch,
                            Metadata = r.Metadata,
                            ErrorCode = (short)r.ErrorCode,
                        })],
                    })],
                });
            }
            else
            {
                response.ErrorCode = (short)error;
                response.Topics = [.. byTopic.Select(t => new OffsetFetchResponse.OffsetFetchResponseTopic
                {
                    Name = t.Key,
                    Partitions = [.. t.Select(r => new OffsetFetchResponse.OffsetFetchResponsePartition
                    {
                        PartitionIndex = r.Partition,
                        CommittedOffset = r.Offset,
                        CommittedLeaderEpoch = r.LeaderEpoch,
                        Metadata = r.Metadata,
                        ErrorCode = (short)r.ErrorCode,
                    })],
                })];
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
