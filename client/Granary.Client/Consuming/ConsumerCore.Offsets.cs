// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol;
using Granary.Protocol.Messages;

namespace Granary.Client.Consuming;

/// <summary>The group coordinator's address, offset commits and fetches, and ListOffsets lookups.</summary>
internal sealed partial class ConsumerCore
{
    private const short FindCoordinatorClientMax = 3;
    private const short OffsetCommitClientMax = 8;
    private const short OffsetFetchClientMax = 7;
    private const short ListOffsetsClientMax = 7;
    private const int Attempts = 5;

    private readonly SemaphoreSlim _coordinatorLock = new(1, 1);
    private int _coordinatorId = -1;

    public void InvalidateCoordinator() => Volatile.Write(ref _coordinatorId, -1);

    /// <summary>The group coordinator's node id, looked up with FindCoordinator when not known.</summary>
    public async Task<int> GetCoordinatorAsync(CancellationToken cancellationToken)
    {
        var known = Volatile.Read(ref _coordinatorId);
        if (known >= 0)
        {
            return known;
        }

        await _coordinatorLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                if (_coordinatorId >= 0)
                {
                    return _coordinatorId;
                }

                var connection = await Cluster.GetAnyConnectionAsync(cancellationToken).ConfigureAwait(false);
                var version = connection.Versions.Pick(ApiKey.FindCoordinator, FindCoordinatorClientMax);
                var response = await connection.SendAsync<FindCoordinatorResponse>(
                    new FindCoordinatorRequest { Key = Settings.GroupId!, KeyType = 0 }, version, Settings.RequestTimeout, cancellationToken).ConfigureAwait(false);
                var error = (ErrorCode)response.ErrorCode;
                if (error == ErrorCode.NoError)
                {
                    if (Cluster.LastMetadata?.Brokers.Any(b => b.BrokerId == response.NodeId) != true)
                    {
                        await Cluster.RefreshMetadataAsync([], cancellationToken).ConfigureAwait(false);
                    }

                    _coordinatorId = response.NodeId;
                    return response.NodeId;
                }

                if (attempt >= Attempts * 4 || !IsRetriable(error))
                {
                    throw new KafkaException(new Error(error, $"FindCoordinator for group {Settings.GroupId} failed: {response.ErrorMessage ?? error.ToString()}"));
                }

                await Task.Delay(Settings.RetryBackoff * attempt, Time, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _coordinatorLock.Release();
        }
    }

    /// <summary>Commits the offsets; updates each partition's committed offset and returns the per-partition outcome.</summary>
    public async Task<List<TopicPartitionOffsetError>> CommitAsync(IReadOnlyList<TopicPartitionOffset> offsets, CancellationToken cancellationToken)
    {
        if (Settings.GroupId is null)
        {
            throw new KafkaException(new Error(ErrorCode.Local_UnknownGroup, "Cannot commit offsets: group.id is not set."));
        }

        if (offsets.Count == 0)
        {
            return [];
        }

        for (var attempt = 1; ; attempt++)
        {
            var coordinator = await GetCoordinatorAsync(cancellationToken).ConfigureAwait(false);
            var request = new OffsetCommitRequest
            {
                GroupId = Settings.GroupId,
                GenerationIdOrMemberEpoch = Group?.GenerationId ?? -1,
                MemberId = Group?.MemberId ?? string.Empty,
                GroupInstanceId = Group is null ? null : Settings.GroupInstanceId,
                RetentionTimeMs = -1,
                Topics = [.. offsets.GroupBy(o => o.Topic).Select(g => new OffsetCommitRequest.OffsetCommitRequestTopic
                {
                    Name = g.Key,
                    Partitions = [.. g.Select(o => new OffsetCommitRequest.OffsetCommitRequestPartition
                    {
                        PartitionIndex = o.Partition.Value,
                        CommittedOffset = o.Offset.Value,
                        CommittedLeaderEpoch = o.LeaderEpoch ?? -1,
                        CommittedMetadata = string.Empty,
                    })],
                })],
            };
            OffsetCommitResponse response;
            try
            {
                var connection = await Cluster.GetConnectionAsync(coordinator, cancellationToken).ConfigureAwait(false);
                var version = connection.Versions.Pick(ApiKey.OffsetCommit, OffsetCommitClientMax, clientMin: 2);
                if (version < 7)
                {
                    request.GroupInstanceId = null;
                }

                response = await connection.SendAsync<OffsetCommitResponse>(request, version, Settings.RequestTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (KafkaException) when (attempt < Attempts && !cancellationToken.IsCancellationRequested)
            {
                InvalidateCoordinator();
                await Task.Delay(Settings.RetryBackoff * attempt, Time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var results = new List<TopicPartitionOffsetError>();
            var retry = false;
            foreach (var topic in response.Topics)
            {
                foreach (var partition in topic.Partitions)
                {
                    var error = (ErrorCode)partition.ErrorCode;
                    var sent = offsets.First(o => o.Topic == topic.Name && o.Partition.Value == partition.PartitionIndex);
                    results.Add(new TopicPartitionOffsetError(sent, new Error(error)));
                    retry |= error is ErrorCode.NotCoordinatorForGroup or ErrorCode.GroupCoordinatorNotAvailable or ErrorCode.GroupLoadInProgress;
                }
            }

            if (retry && attempt < Attempts)
            {
                InvalidateCoordinator();
                await Task.Delay(Settings.RetryBackoff * attempt, Time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            lock (_sync)
            {
                foreach (var result in results.Where(r => !r.Error.IsError))
                {
                    if (_assigned.TryGetValue(result.TopicPartition, out var state))
                    {
                        state.CommittedOffset = result.Offset.Value;
                    }
                }
            }

            return results;
        }
    }

    /// <summary>The group's committed offsets (Offset.Unset where none) via OffsetFetch.</summary>
    public async Task<List<TopicPartitionOffset>> FetchCommittedAsync(IReadOnlyList<TopicPartition> partitions, CancellationToken cancellationToken)
    {
        if (Settings.GroupId is null)
        {
            throw new KafkaException(new Error(ErrorCode.Local_UnknownGroup, "Cannot fetch committed offsets: group.id is not set."));
        }

        if (partitions.Count == 0)
        {
            return [];
        }

        for (var attempt = 1; ; attempt++)
        {
            var coordinator = await GetCoordinatorAsync(cancellationToken).ConfigureAwait(false);
            OffsetFetchResponse response;
            try
            {
                var connection = await Cluster.GetConnectionAsync(coordinator, cancellationToken).ConfigureAwait(false);
                var version = connection.Versions.Pick(ApiKey.OffsetFetch, OffsetFetchClientMax, clientMin: 1);
                var request = new OffsetFetchRequest
                {
                    GroupId = Settings.GroupId,
                    Topics = [.. partitions.GroupBy(p => p.Topic).Select(g => new OffsetFetchRequest.OffsetFetchRequestTopic
                    {
                        Name = g.Key,
                        PartitionIndexes = [.. g.Select(p => p.Partition.Value)],
                    })],
                    RequireStable = Settings.ReadCommitted,
                };
                response = await connection.SendAsync<OffsetFetchResponse>(request, version, Settings.RequestTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (KafkaException) when (attempt < Attempts && !cancellationToken.IsCancellationRequested)
            {
                InvalidateCoordinator();
                await Task.Delay(Settings.RetryBackoff * attempt, Time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var top = (ErrorCode)response.ErrorCode;
            var unstable = response.Topics.SelectMany(t => t.Partitions).Any(p => (ErrorCode)p.ErrorCode == ErrorCode.UnstableOffsetCommit);
            if ((top != ErrorCode.NoError || unstable) && attempt < Attempts * 4 && (unstable || IsRetriable(top)))
            {
                if (top is ErrorCode.NotCoordinatorForGroup or ErrorCode.GroupCoordinatorNotAvailable)
                {
                    InvalidateCoordinator();
                }

                await Task.Delay(Settings.RetryBackoff * attempt, Time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (top != ErrorCode.NoError)
            {
                throw new KafkaException(new Error(top, $"OffsetFetch for group {Settings.GroupId} failed: {top}."));
            }

            var found = new Dictionary<TopicPartition, (long Offset, int Epoch)>();
            foreach (var topic in response.Topics)
            {
                foreach (var partition in topic.Partitions)
                {
                    if (partition.ErrorCode == 0)
                    {
                        found[new TopicPartition(topic.Name, partition.PartitionIndex)] = (partition.CommittedOffset, partition.CommittedLeaderEpoch);
                    }
                }
            }

            return [.. partitions.Select(tp => found.TryGetValue(tp, out var c) && c.Offset >= 0
                ? new TopicPartitionOffset(tp, c.Offset, c.Epoch >= 0 ? c.Epoch : null)
                : new TopicPartitionOffset(tp, Offset.Unset))];
        }
    }

    /// <summary>
    /// ListOffsets for each partition at a timestamp (-2 earliest, -1 latest): the offset, or -1 when no record is that new.
    /// </summary>
    public async Task<Dictionary<TopicPartition, (long Offset, Error Error)>> ListOffsetsAsync(
        IReadOnlyList<(TopicPartition Partition, long Timestamp)> queries, CancellationToken cancellationToken)
    {
        var result = new Dictionary<TopicPartition, (long Offset, Error Error)>();
        var pending = queries.ToList();
        for (var attempt = 1; pending.Count > 0; attempt++)
        {
            var leaders = await LeadersAsync(pending.Select(q => q.Partition), attempt > 1, cancellationToken).ConfigureAwait(false);
            var retry = new List<(TopicPartition Partition, long Timestamp)>();
            foreach (var group in pending.GroupBy(q => leaders.GetValueOrDefault(q.Partition, -1)))
            {
                if (group.Key < 0)
                {
                    retry.AddRange(group);
                    continue;
                }

                ListOffsetsResponse response;
                try
                {
                    var connection = await Cluster.GetConnectionAsync(group.Key, cancellationToken).ConfigureAwait(false);
                    var version = connection.Versions.Pick(ApiKey.ListOffsets, ListOffsetsClientMax, clientMin: 1);
                    var request = new ListOffsetsRequest
                    {
                        ReplicaId = -1,
                        IsolationLevel = Settings.ReadCommitted ? (sbyte)1 : (sbyte)0,
                        Topics = [.. group.GroupBy(q => q.Partition.Topic).Select(t => new ListOffsetsRequest.ListOffsetsTopic
                        {
                            Name = t.Key,
                            Partitions = [.. t.Select(q => new ListOffsetsRequest.ListOffsetsPartition { PartitionIndex = q.Partition.Partition.Value, Timestamp = q.Timestamp })],
                        })],
                    };
                    response = await connection.SendAsync<ListOffsetsResponse>(request, version, Settings.RequestTimeout, cancellationToken).ConfigureAwait(false);
                }
                catch (KafkaException) when (attempt < Attempts && !cancellationToken.IsCancellationRequested)
                {
                    retry.AddRange(group);
                    continue;
                }

                foreach (var topic in response.Topics)
                {
                    foreach (var partition in topic.Partitions)
                    {
                        var tp = new TopicPartition(topic.Name, partition.PartitionIndex);
                        var error = (ErrorCode)partition.ErrorCode;
                        if (error != ErrorCode.NoError && IsRetriable(error) && attempt < Attempts)
                        {
                            retry.AddRange(group.Where(q => q.Partition == tp));
                            continue;
                        }

                        result[tp] = (partition.Offset, new Error(error));
                    }
                }
            }

            if (retry.Count > 0 && attempt >= Attempts)
            {
                foreach (var q in retry)
                {
                    result[q.Partition] = (-1, new Error(ErrorCode.LeaderNotAvailable, $"No leader answered ListOffsets for {q.Partition}."));
                }

                break;
            }

            pending = retry;
            if (pending.Count > 0)
            {
                await Task.Delay(Settings.RetryBackoff * attempt, Time, cancellationToken).ConfigureAwait(false);
            }
        }

        return result;
    }

    private async Task<Dictionary<TopicPartition, int>> LeadersAsync(IEnumerable<TopicPartition> partitions, bool refresh, CancellationToken cancellationToken)
    {
        var list = partitions.ToList();
        var metadata = Cluster.LastMetadata;
        var topics = list.Select(p => p.Topic).Distinct(StringComparer.Ordinal).ToList();
        if (refresh || metadata is null || topics.Any(t => metadata.Topics.All(m => m.Topic != t)))
        {
            metadata = await Cluster.RefreshMetadataAsync(topics, cancellationToken).ConfigureAwait(false);
        }

        var leaders = new Dictionary<TopicPartition, int>();
        foreach (var tp in list)
        {
            var partition = metadata.Topics.FirstOrDefault(t => t.Topic == tp.Topic)?.Partitions.FirstOrDefault(p => p.PartitionId == tp.Partition.Value);
            leaders[tp] = partition?.Leader ?? -1;
        }

        return leaders;
    }

    private static bool IsRetriable(ErrorCode code) => code != ErrorCode.NoError && code > 0 && ((KafkaErrorCode)(short)code).IsRetriable();
}
