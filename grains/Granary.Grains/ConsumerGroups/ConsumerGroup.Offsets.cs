// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol;

namespace Granary.Grains.ConsumerGroups;

public sealed partial class ConsumerGroup
{
    /// <summary>
    /// Handles an OffsetCommit. Members commit with their member id and generation; a group without members
    /// also accepts "standalone" commits with generation -1 and an empty member id (manual assignment).
    /// </summary>
    public IReadOnlyList<OffsetCommitPartitionResult> CommitOffsets(
        string memberId,
        string? groupInstanceId,
        int generationId,
        IReadOnlyList<OffsetCommitPartition> partitions)
    {
        ArgumentNullException.ThrowIfNull(memberId);
        ArgumentNullException.ThrowIfNull(partitions);
        var now = Now;
        if (State == ConsumerGroupState.Dead)
        {
            if (generationId >= 0)
            {
                // Either a member of a generation this coordinator never saw, or one the group outlived.
                return AllFailed(partitions, KafkaErrorCode.IllegalGeneration);
            }

            CreateGroup(now);
        }

        KafkaErrorCode error;
        if (generationId >= 0 || memberId.Length > 0 || groupInstanceId is not null)
        {
            error = ValidateMember(memberId, groupInstanceId, generationId, requireValidGroupId: false);
        }
        else
        {
            // Only members may commit while the group has members.
            error = State == ConsumerGroupState.Empty ? KafkaErrorCode.None : KafkaErrorCode.UnknownMemberId;
        }

        if (error != KafkaErrorCode.None)
        {
            return AllFailed(partitions, error);
        }

        switch (State)
        {
            case ConsumerGroupState.Empty:
                return StoreOffsets(partitions, now);
            case ConsumerGroupState.Stable:
            case ConsumerGroupState.PreparingRebalance:
                // Commits stay allowed while preparing: the heartbeat tells the member about the rebalance.
                var member = members[memberId];
                member.SessionDeadline = now + member.SessionTimeoutMs;
                return StoreOffsets(partitions, now);
            default:
                // The member has its new generation but not yet its assignment.
                return AllFailed(partitions, KafkaErrorCode.RebalanceInProgress);
        }
    }

    /// <summary>
    /// Handles an OffsetFetch: the listed partitions, or every committed one when <paramref name="partitions"/> is
    /// null. Partitions without a commit answer offset -1.
    /// </summary>
    public IReadOnlyList<OffsetFetchPartitionResult> FetchOffsets(IReadOnlyList<TopicPartition>? partitions)
    {
        if (partitions is null)
        {
            return
            [
                .. offsets
                    .OrderBy(pair => pair.Key.Topic, StringComparer.Ordinal)
                    .ThenBy(pair => pair.Key.Partition)
                    .Select(pair => ToFetchResult(pair.Key, pair.Value)),
            ];
        }

        var results = new List<OffsetFetchPartitionResult>(partitions.Count);
        foreach (var partition in partitions)
        {
            results.Add(ToFetchResult(partition, offsets.GetValueOrDefault(partition)));
        }

        return results;
    }

    /// <summary>Handles an OffsetDelete: an active consumer group keeps the offsets of topics it subscribes to.</summary>
    public OffsetDeleteResult DeleteOffsets(IReadOnlyList<TopicPartition> partitions)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        var now = Now;
        switch (State)
        {
            case ConsumerGroupState.Dead:
                return new OffsetDeleteResult(KafkaErrorCode.GroupIdNotFound, []);

            case ConsumerGroupState.Empty:
                var results = partitions.Select(p => DeleteOffset(p)).ToList();
                RemoveIfEmptyWithoutOffsets(now);
                return new OffsetDeleteResult(KafkaErrorCode.None, results);

            default:
                if (ProtocolType != ConsumerProtocolType)
                {
                    return new OffsetDeleteResult(KafkaErrorCode.NonEmptyGroup, []);
                }

                return new OffsetDeleteResult(
                    KafkaErrorCode.None,
                    [.. partitions.Select(p => IsSubscribedToTopic(p.Topic)
                        ? new OffsetCommitPartitionResult(p.Topic, p.Partition, KafkaErrorCode.GroupSubscribedToTopic)
                        : DeleteOffset(p))]);
        }
    }

    /// <summary>Handles DeleteGroups for this group: only an Empty group can be deleted; its offsets go with it.</summary>
    public KafkaErrorCode DeleteGroup()
    {
        switch (State)
        {
            case ConsumerGroupState.Dead:
                return KafkaErrorCode.GroupIdNotFound;
            case ConsumerGroupState.Empty:
                foreach (var partition in offsets.Keys.OrderBy(p => p.Topic, StringComparer.Ordinal).ThenBy(p => p.Partition))
                {
                    records.Add(OffsetTombstone(partition));
                }

                records.Add(GroupTombstone());
                ResetToDead(Now);
                return KafkaErrorCode.None;
            default:
                return KafkaErrorCode.NonEmptyGroup;
        }
    }

    /// <summary>
    /// Kafka 2.1+ offset expiry: an Empty group loses its offsets offsets.retention.minutes after it became empty;
    /// standalone commits (no protocol type) expire that long after their commit; a Stable consumer group loses
    /// offsets of topics it no longer subscribes to that long after their commit. An Empty group left without
    /// offsets is removed.
    /// </summary>
    private void ExpireOffsets(long now)
    {
        if (State == ConsumerGroupState.Dead)
        {
            return;
        }

        var retentionMs = options.OffsetsRetentionMs;
        List<TopicPartition> expired;
        if (ProtocolType is not null && State == ConsumerGroupState.Empty)
        {
            expired = [.. offsets.Where(p => now - (CurrentStateTimestamp ?? p.Value.CommitTimestamp) >= retentionMs).Select(p => p.Key)];
        }
        else if (ProtocolType == ConsumerProtocolType && subscribedTopics is not null && State == ConsumerGroupState.Stable)
        {
            expired = [.. offsets
                .Where(p => !subscribedTopics.Contains(p.Key.Topic) && now - p.Value.CommitTimestamp >= retentionMs)
                .Select(p => p.Key)];
        }
        else if (ProtocolType is null)
        {
            expired = [.. offsets.Where(p => now - p.Value.CommitTimestamp >= retentionMs).Select(p => p.Key)];
        }
        else
        {
            expired = [];
        }

        foreach (var partition in expired.OrderBy(p => p.Topic, StringComparer.Ordinal).ThenBy(p => p.Partition))
        {
            offsets.Remove(partition);
            records.Add(OffsetTombstone(partition));
        }

        RemoveIfEmptyWithoutOffsets(now);
    }

    private void RemoveIfEmptyWithoutOffsets(long now)
    {
        // A member id handed out with MEMBER_ID_REQUIRED may still come back; keep the group for it.
        if (State == ConsumerGroupState.Empty && offsets.Count == 0 && pendingMembers.Count == 0)
        {
            records.Add(GroupTombstone());
            ResetToDead(now);
        }
    }

    private bool IsSubscribedToTopic(string topic) => subscribedTopics?.Contains(topic) ?? true;

    private OffsetCommitPartitionResult DeleteOffset(TopicPartition partition)
    {
        if (offsets.Remove(partition))
        {
            records.Add(OffsetTombstone(partition));
        }

        return new OffsetCommitPartitionResult(partition.Topic, partition.Partition, KafkaErrorCode.None);
    }

    private List<OffsetCommitPartitionResult> StoreOffsets(IReadOnlyList<OffsetCommitPartition> partitions, long now)
    {
        var results = new List<OffsetCommitPartitionResult>(partitions.Count);
        foreach (var partition in partitions)
        {
            var metadata = partition.Metadata ?? string.Empty;

            // Kafka measures the metadata in characters (Java String.length), not UTF-8 bytes.
            if (metadata.Length > options.OffsetMetadataMaxBytes)
            {
                results.Add(new OffsetCommitPartitionResult(partition.Topic, partition.Partition, KafkaErrorCode.OffsetMetadataTooLarge));
                continue;
            }

            var key = new TopicPartition(partition.Topic, partition.Partition);
            var committed = new CommittedOffset(partition.Offset, partition.LeaderEpoch, metadata, now);
            offsets[key] = committed;
            records.Add(OffsetCommitRecord(key, committed));
            results.Add(new OffsetCommitPartitionResult(partition.Topic, partition.Partition, KafkaErrorCode.None));
        }

        return results;
    }

    private static List<OffsetCommitPartitionResult> AllFailed(IReadOnlyList<OffsetCommitPartition> partitions, KafkaErrorCode error) =>
        [.. partitions.Select(p => new OffsetCommitPartitionResult(p.Topic, p.Partition, error))];

    private static OffsetFetchPartitionResult ToFetchResult(TopicPartition partition, CommittedOffset? committed) =>
        committed is null
            ? new OffsetFetchPartitionResult(partition.Topic, partition.Partition, -1, -1, string.Empty, KafkaErrorCode.None)
            : new OffsetFetchPartitionResult(
                partition.Topic,
                partition.Partition,
                committed.Offset,
                committed.LeaderEpoch,
                committed.Metadata,
                KafkaErrorCode.None);
}
