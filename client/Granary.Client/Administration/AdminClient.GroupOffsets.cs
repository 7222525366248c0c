// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Client.Admin;
using Granary.Protocol;
using Granary.Protocol.Messages;

namespace Granary.Client.Administration;

/// <summary>A group's committed offsets: listed, altered and deleted through the group's coordinator.</summary>
internal sealed partial class AdminClient
{
    private const short OffsetFetchMax = 8;
    private const short OffsetCommitMax = 8;
    private const short OffsetDeleteMax = 0;

    public Task<List<ListConsumerGroupOffsetsResult>> ListConsumerGroupOffsetsAsync(
        IEnumerable<ConsumerGroupTopicPartitions> groupPartitions, ListConsumerGroupOffsetsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(groupPartitions);
        var requests = groupPartitions.ToList();
        foreach (var request in requests)
        {
            ArgumentException.ThrowIfNullOrEmpty(request.Group, nameof(groupPartitions));
        }

        EnsureDistinct(requests.Select(r => r.Group), "group");
        return RunAsync("ListConsumerGroupOffsets", options?.RequestTimeout, async op =>
        {
            var reports = new List<ListConsumerGroupOffsetsReport>();
            foreach (var wanted in requests)
            {
                var (partitions, error, _) = await CoordinatorRoundsAsync(
                    wanted.Group,
                    async connection =>
                    {
                        var version = connection.Versions.Pick(ApiKey.OffsetFetch, OffsetFetchMax, clientMin: 2);
                        var topics = wanted.TopicPartitions?.GroupBy(tp => tp.Topic, StringComparer.Ordinal).ToList();
                        var request = version >= 8
                            ? new OffsetFetchRequest
                            {
                                Groups = [new OffsetFetchRequest.OffsetFetchRequestGroup
                                {
                                    GroupId = wanted.Group,
                                    Topics = topics?.Select(t => new OffsetFetchRequest.OffsetFetchRequestTopics { Name = t.Key, PartitionIndexes = [.. t.Select(tp => tp.Partition.Value)] }).ToList(),
                                }],
                                RequireStable = options?.RequireStableOffsets ?? false,
                            }
                            : new OffsetFetchRequest
                            {
                                GroupId = wanted.Group,
                                Topics = topics?.Select(t => new OffsetFetchRequest.OffsetFetchRequestTopic { Name = t.Key, PartitionIndexes = [.. t.Select(tp => tp.Partition.Value)] }).ToList(),

                                // RequireStable exists from version 7; the generated writer refuses a field its version cannot carry.
                                RequireStable = version >= 7 && (options?.RequireStableOffsets ?? false),
                            };
                        var response = await SendAsync<OffsetFetchResponse>(connection, request, version, op).ConfigureAwait(false);
                        var found = new List<TopicPartitionOffsetError>();
                        short groupError;
                        if (version >= 8)
                        {
                            var group = response.Groups.FirstOrDefault(g => g.GroupId == wanted.Group);
                            groupError = group?.ErrorCode ?? (short)ErrorCode.Local_Fail;
                            foreach (var topic in group?.Topics ?? [])
                            {
                                found.AddRange(topic.Partitions.Select(p => ToCommitted(topic.Name, p.PartitionIndex, p.CommittedOffset, p.CommittedLeaderEpoch, p.ErrorCode)));
                            }
                        }
                        else
                        {
                            groupError = response.ErrorCode;
                            foreach (var topic in response.Topics)
                            {
                                found.AddRange(topic.Partitions.Select(p => ToCommitted(topic.Name, p.PartitionIndex, p.CommittedOffset, p.CommittedLeaderEpoch, p.ErrorCode)));
                            }
                        }

                        return ((found, (ErrorCode)groupError), (ErrorCode)groupError);
                    },
                    op).ConfigureAwait(false);
                var groupError = error.IsError ? error : new Error(partitions.Item2);
                reports.Add(new ListConsumerGroupOffsetsReport
                {
                    Group = wanted.Group,
                    Error = groupError,
                    Partitions = OrderLike(wanted.TopicPartitions, partitions.found ?? []),
                });
            }

            return reports.Any(r => r.Error.IsError || r.Partitions.Any(p => p.Error.IsError))
                ? throw new ListConsumerGroupOffsetsException(reports)
                : reports.Select(r => new ListConsumerGroupOffsetsResult { Group = r.Group, Partitions = r.Partitions }).ToList();
        });
    }

    public Task<List<AlterConsumerGroupOffsetsResult>> AlterConsumerGroupOffsetsAsync(
        IEnumerable<ConsumerGroupTopicPartitionOffsets> groupPartitions, AlterConsumerGroupOffsetsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(groupPartitions);
        var requests = groupPartitions.ToList();
        foreach (var request in requests)
        {
            ArgumentException.ThrowIfNullOrEmpty(request.Group, nameof(groupPartitions));
            foreach (var tpo in request.TopicPartitionOffsets)
            {
                if (tpo.Offset.Value < 0 || tpo.Partition.Value < 0)
                {
                    throw new ArgumentException($"Group {request.Group}: {tpo} is not a committable offset (offsets and partitions must be non-negative).", nameof(groupPartitions));
                }
            }

            EnsureDistinct(request.TopicPartitionOffsets.Select(t => t.TopicPartition), "partition");
        }

        EnsureDistinct(requests.Select(r => r.Group), "group");
        return RunAsync("AlterConsumerGroupOffsets", options?.RequestTimeout, async op =>
        {
            var reports = new List<AlterConsumerGroupOffsetsReport>();
            foreach (var wanted in requests)
            {
                var (answered, error, _) = await CoordinatorRoundsAsync(
                    wanted.Group,
                    async connection =>
                    {
                        var version = connection.Versions.Pick(ApiKey.OffsetCommit, OffsetCommitMax, clientMin: 2);
                        var request = new OffsetCommitRequest
                        {
                            GroupId = wanted.Group,
                            GenerationIdOrMemberEpoch = -1,
                            MemberId = string.Empty,
                            RetentionTimeMs = -1,
                            Topics = [.. wanted.TopicPartitionOffsets.GroupBy(t => t.Topic, StringComparer.Ordinal).Select(t => new OffsetCommitRequest.OffsetCommitRequestTopic
                            {
                                Name = t.Key,
                                Partitions = [.. t.Select(p => new OffsetCommitRequest.OffsetCommitRequestPartition
                                {
                                    PartitionIndex = p.Partition.Value,
                                    CommittedOffset = p.Offset.Value,
                                    CommittedLeaderEpoch = p.LeaderEpoch ?? -1,
                                })],
                            })],
                        };
                        var response = await SendAsync<OffsetCommitResponse>(connection, request, version, op).ConfigureAwait(false);
                        var errors = new Dictionary<TopicPartition, ErrorCode>();
                        foreach (var topic in response.Topics)
                        {
                            foreach (var p in topic.Partitions)
                            {
                                errors[new TopicPartition(topic.Name, p.PartitionIndex)] = (ErrorCode)p.ErrorCode;
                            }
                        }

                        // OffsetCommit has no group-level error: a coordinator move shows on every partition.
                        var moved = errors.Values.FirstOrDefault(IsCoordinatorRetriable);
                        return (errors, moved);
                    },
                    op).ConfigureAwait(false);
                reports.Add(new AlterConsumerGroupOffsetsReport
                {
                    Group = wanted.Group,
                    Error = error,
                    Partitions = [.. wanted.TopicPartitionOffsets.Select(t => new TopicPartitionOffsetError(
                        t, error.IsError ? error : new Error(answered is not null && answered.TryGetValue(t.TopicPartition, out var code) ? code : ErrorCode.Local_Fail)))],
                });
            }

            return reports.Any(r => r.Error.IsError || r.Partitions.Any(p => p.Error.IsError))
                ? throw new AlterConsumerGroupOffsetsException(reports)
                : reports.Select(r => new AlterConsumerGroupOffsetsResult { Group = r.Group, Partitions = [.. r.Partitions.Select(p => p.TopicPartitionOffset)] }).ToList();
        });
    }

    public Task<DeleteConsumerGroupOffsetsResult> DeleteConsumerGroupOffsetsAsync(
        string group, IEnumerable<TopicPartition> partitions, DeleteConsumerGroupOffsetsOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(group);
        ArgumentNullException.ThrowIfNull(partitions);
        var list = partitions.ToList();
        EnsureDistinct(list, "partition");
        return RunAsync("DeleteConsumerGroupOffsets", options?.RequestTimeout, async op =>
        {
            var (answer, error, _) = await CoordinatorRoundsAsync(
                group,
                async connection =>
                {
                    var version = connection.Versions.Pick(ApiKey.OffsetDelete, OffsetDeleteMax);
                    var request = new OffsetDeleteRequest
                    {
                        GroupId = group,
                        Topics = [.. list.GroupBy(tp => tp.Topic, StringComparer.Ordinal).Select(t => new OffsetDeleteRequest.OffsetDeleteRequestTopic
                        {
                            Name = t.Key,
                            Partitions = [.. t.Select(tp => new OffsetDeleteRequest.OffsetDeleteRequestPartition { PartitionIndex = tp.Partition.Value })],
                        })],
                    };
                    var response = await SendAsync<OffsetDeleteResponse>(connection, request, version, op).ConfigureAwait(false);
                    var errors = new Dictionary<TopicPartition, ErrorCode>();
                    foreach (var topic in response.Topics)
                    {
                        foreach (var p in topic.Partitions)
                        {
                            errors[new TopicPartition(topic.Name, p.PartitionIndex)] = (ErrorCode)p.ErrorCode;
                        }
                    }

                    return ((errors, (ErrorCode)response.ErrorCode), (ErrorCode)response.ErrorCode);
                },
                op).ConfigureAwait(false);
            var groupError = error.IsError ? error : new Error(answer.Item2);
            var results = list.Select(tp => new TopicPartitionError(
                tp, groupError.IsError ? groupError : new Error(answer.errors is not null && answer.errors.TryGetValue(tp, out var code) ? code : ErrorCode.Local_Fail))).ToList();
            return groupError.IsError || results.Any(r => r.Error.IsError)
                ? throw new DeleteConsumerGroupOffsetsException(new DeleteConsumerGroupOffsetsReport { Group = group, Partitions = results, Error = groupError })
                : new DeleteConsumerGroupOffsetsResult { Group = group, Partitions = list };
        });
    }

    private static TopicPartitionOffsetError ToCommitted(string topic, int partition, long offset, int leaderEpoch, short errorCode) =>
        new(topic, partition, offset < 0 ? Offset.Unset : new Offset(offset), ToError(errorCode), leaderEpoch < 0 ? null : leaderEpoch);

    /// <summary>The answers in the order asked for (or topic, partition order when every partition was asked for).</summary>
    private static List<TopicPartitionOffsetError> OrderLike(List<TopicPartition>? asked, List<TopicPartitionOffsetError> found)
    {
        if (asked is null)
        {
            return [.. found.OrderBy(f => f.Topic, StringComparer.Ordinal).ThenBy(f => f.Partition.Value)];
        }

        var byPartition = new Dictionary<TopicPartition, TopicPartitionOffsetError>();
        foreach (var f in found)
        {
            byPartition[f.TopicPartition] = f;
        }

        return [.. asked.Select(tp => byPartition.TryGetValue(tp, out var f) ? f : new TopicPartitionOffsetError(tp, Offset.Unset, new Error(ErrorCode.NoError)))];
    }
}
