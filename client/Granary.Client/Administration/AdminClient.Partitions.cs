// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Client.Admin;
using Granary.Client.Network;
using Granary.Protocol;
using Granary.Protocol.Messages;

namespace Granary.Client.Administration;

/// <summary>DeleteRecords and ListOffsets: each partition's request goes to its leader.</summary>
internal sealed partial class AdminClient
{
    private const short DeleteRecordsMax = 2;
    private const short ListOffsetsMax = 10;

    public Task<List<DeleteRecordsResult>> DeleteRecordsAsync(IEnumerable<TopicPartitionOffset> topicPartitionOffsets, DeleteRecordsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(topicPartitionOffsets);
        var list = topicPartitionOffsets.ToList();
        EnsureDistinct(list.Select(t => t.TopicPartition), "partition");
        foreach (var tpo in list)
        {
            if (tpo.Offset.Value < 0 && tpo.Offset != Offset.End)
            {
                throw new ArgumentException($"{tpo}: the offset must be non-negative, or Offset.End to delete every record.", nameof(topicPartitionOffsets));
            }
        }

        return RunAsync("DeleteRecords", options?.RequestTimeout, async op =>
        {
            var offsets = list.ToDictionary(t => t.TopicPartition, t => t.Offset);
            var results = await LeaderRoundsAsync<(long LowWatermark, Error Error)>(
                [.. offsets.Keys],
                async (connection, partitions) =>
                {
                    var version = connection.Versions.Pick(ApiKey.DeleteRecords, DeleteRecordsMax);
                    var request = new DeleteRecordsRequest
                    {
                        TimeoutMs = ToTimeoutMs(options?.OperationTimeout ?? op.Remaining),
                        Topics = [.. partitions.GroupBy(tp => tp.Topic, StringComparer.Ordinal).Select(t => new DeleteRecordsRequest.DeleteRecordsTopic
                        {
                            Name = t.Key,

                            // Kafka reads -1 as "up to the high watermark", which is what Offset.End means here.
                            Partitions = [.. t.Select(tp => new DeleteRecordsRequest.DeleteRecordsPartition
                            {
                                PartitionIndex = tp.Partition.Value,
                                Offset = offsets[tp] == Offset.End ? -1 : offsets[tp].Value,
                            })],
                        })],
                    };
                    var response = await SendAsync<DeleteRecordsResponse>(connection, request, version, op).ConfigureAwait(false);
                    var answered = new Dictionary<TopicPartition, (long, Error)>();
                    foreach (var topic in response.Topics)
                    {
                        foreach (var p in topic.Partitions)
                        {
                            answered[new TopicPartition(topic.Name, p.PartitionIndex)] = (p.LowWatermark, ToError(p.ErrorCode));
                        }
                    }

                    return answered;
                },
                r => r.Error.Code,
                (_, error) => (-1, error),
                op).ConfigureAwait(false);
            var reports = list.Select(t => new DeleteRecordsReport
            {
                Topic = t.Topic,
                Partition = t.Partition,
                Offset = new Offset(results[t.TopicPartition].LowWatermark),
                Error = results[t.TopicPartition].Error,
            }).ToList();
            return reports.Any(r => r.Error.IsError)
                ? throw new DeleteRecordsException(reports)
                : reports.Select(r => new DeleteRecordsResult { Topic = r.Topic, Partition = r.Partition, Offset = r.Offset }).ToList();
        });
    }

    public Task<ListOffsetsResult> ListOffsetsAsync(IEnumerable<TopicPartitionOffsetSpec> topicPartitionOffsets, ListOffsetsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(topicPartitionOffsets);
        var list = topicPartitionOffsets.ToList();
        EnsureDistinct(list.Select(t => t.TopicPartition), "partition");
        var isolation = options?.IsolationLevel ?? IsolationLevel.ReadUncommitted;
        return RunAsync("ListOffsets", options?.RequestTimeout, async op =>
        {
            var specs = list.ToDictionary(t => t.TopicPartition, t => t.OffsetSpec);
            var results = await LeaderRoundsAsync<ListOffsetsResultInfo>(
                [.. specs.Keys],
                async (connection, partitions) =>
                {
                    // Version 7 is the first with MaxTimestamp; the others need version 1 (one offset per partition).
                    // ReadCommitted needs version 2.
                    var minimum = partitions.Any(tp => specs[tp] is OffsetSpec.MaxTimestampSpec) ? (short)7 : isolation == IsolationLevel.ReadCommitted ? (short)2 : (short)1;
                    var version = connection.Versions.Pick(ApiKey.ListOffsets, ListOffsetsMax, minimum);
                    var request = new ListOffsetsRequest
                    {
                        ReplicaId = -1,
                        IsolationLevel = (sbyte)(isolation == IsolationLevel.ReadCommitted ? 1 : 0),
                        TimeoutMs = version >= 10 ? ToTimeoutMs(op.Remaining) : 0,
                        Topics = [.. partitions.GroupBy(tp => tp.Topic, StringComparer.Ordinal).Select(t => new ListOffsetsRequest.ListOffsetsTopic
                        {
                            Name = t.Key,
                            Partitions = [.. t.Select(tp => new ListOffsetsRequest.ListOffsetsPartition
                            {
                                PartitionIndex = tp.Partition.Value,
                                CurrentLeaderEpoch = -1,
                                Timestamp = specs[tp].Value,
                            })],
                        })],
                    };
                    var response = await SendAsync<ListOffsetsResponse>(connection, request, version, op).ConfigureAwait(false);
                    var answered = new Dictionary<TopicPartition, ListOffsetsResultInfo>();
                    foreach (var topic in response.Topics)
                    {
                        foreach (var p in topic.Partitions)
                        {
                            answered[new TopicPartition(topic.Name, p.PartitionIndex)] = new ListOffsetsResultInfo
                            {
                                TopicPartitionOffsetError = new TopicPartitionOffsetError(
                                    topic.Name, p.PartitionIndex, new Offset(p.Offset), ToError(p.ErrorCode), p.LeaderEpoch < 0 ? null : p.LeaderEpoch),
                                Timestamp = p.Timestamp,
                            };
                        }
                    }

                    return answered;
                },
                r => r.TopicPartitionOffsetError.Error.Code,
                (tp, error) => new ListOffsetsResultInfo { TopicPartitionOffsetError = new TopicPartitionOffsetError(tp, Offset.Unset, error) },
                op).ConfigureAwait(false);
            var infos = list.Select(t => results[t.TopicPartition]).ToList();
            var firstError = infos.Select(i => i.TopicPartitionOffsetError.Error).FirstOrDefault(e => e.IsError);
            return firstError is not null
                ? throw new ListOffsetsException(new ListOffsetsReport { ResultInfos = infos, Error = firstError })
                : new ListOffsetsResult { ResultInfos = infos };
        });
    }

    private static bool IsLeaderRetriable(ErrorCode code) =>
        code is ErrorCode.NotLeaderForPartition or ErrorCode.LeaderNotAvailable or ErrorCode.FencedLeaderEpoch or ErrorCode.UnknownLeaderEpoch;

    /// <summary>
    /// Sends each partition to its leader (from fresh metadata), and sends again, after refreshing metadata, the
    /// partitions answered NOT_LEADER_OR_FOLLOWER or LEADER_NOT_AVAILABLE, until each has another answer or the deadline.
    /// </summary>
    private async Task<Dictionary<TopicPartition, TResult>> LeaderRoundsAsync<TResult>(
        IReadOnlyList<TopicPartition> partitions,
        Func<KafkaConnection, IReadOnlyList<TopicPartition>, Task<Dictionary<TopicPartition, TResult>>> send,
        Func<TResult, ErrorCode> errorOf,
        Func<TopicPartition, Error, TResult> failed,
        AdminOperation op)
    {
        var results = new Dictionary<TopicPartition, TResult>();
        IReadOnlyList<TopicPartition> pending = partitions;
        for (var attempt = 0; pending.Count > 0; attempt++)
        {
            var metadata = await _cluster.RefreshMetadataAsync([.. pending.Select(tp => tp.Topic).Distinct(StringComparer.Ordinal)], op.Token).ConfigureAwait(false);
            var retry = new List<TopicPartition>();
            var byLeader = new Dictionary<int, List<TopicPartition>>();
            foreach (var tp in pending)
            {
                var topic = metadata.Topics.FirstOrDefault(t => t.Topic == tp.Topic);
                var partition = topic?.Partitions.FirstOrDefault(p => p.PartitionId == tp.Partition.Value);
                if (topic is null || (topic.Error.IsError && !IsLeaderRetriable(topic.Error.Code)))
                {
                    results[tp] = failed(tp, topic?.Error.IsError == true ? topic.Error : new Error(ErrorCode.UnknownTopicOrPart));
                }
                else if (!topic.Error.IsError && partition is null)
                {
                    results[tp] = failed(tp, new Error(ErrorCode.UnknownTopicOrPart, $"Topic {tp.Topic} has no partition {tp.Partition.Value}."));
                }
                else if (partition is null || partition.Leader < 0)
                {
                    retry.Add(tp);
                }
                else
                {
                    if (!byLeader.TryGetValue(partition.Leader, out var batch))
                    {
                        byLeader[partition.Leader] = batch = [];
                    }

                    batch.Add(tp);
                }
            }

            foreach (var (leader, batch) in byLeader)
            {
                var connection = await _cluster.GetConnectionAsync(leader, op.Token).ConfigureAwait(false);
                var answered = await send(connection, batch).ConfigureAwait(false);
                foreach (var tp in batch)
                {
                    var result = answered.TryGetValue(tp, out var r) ? r : failed(tp, Unanswered(tp));
                    if (IsLeaderRetriable(errorOf(result)))
                    {
                        retry.Add(tp);
                    }
                    else
                    {
                        results[tp] = result;
                    }
                }
            }

            if (retry.Count > 0)
            {
                Log(SyslogLevel.Debug, $"{op.Name}: {retry.Count} partition(s) have no leader or moved; refreshing metadata and retrying.");
                await BackoffAsync(attempt, op).ConfigureAwait(false);
            }

            pending = retry;
        }

        return results;
    }
}
