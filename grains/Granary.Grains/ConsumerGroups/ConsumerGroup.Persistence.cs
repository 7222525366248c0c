// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Grains.ConsumerGroups.OffsetsTopic;

namespace Granary.Grains.ConsumerGroups;

public sealed partial class ConsumerGroup
{
    /// <summary>
    /// Applies one replayed <c>__consumer_offsets</c> record (in log order, on activation). Records of other groups
    /// are ignored (false). A group record restores generation, protocol, leader and members (so static members
    /// keep their ids and assignments); members get a fresh session timeout from now, as Kafka does on load.
    /// Throws <see cref="Granary.Protocol.ProtocolException"/> for bytes that are not a valid record.
    /// </summary>
    public bool Replay(OffsetsTopicRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var key = OffsetsTopicCodec.DecodeKey(record.Key);
        if (key.Group != GroupId)
        {
            return false;
        }

        var now = Now;
        switch (key)
        {
            case OffsetCommitKey offsetKey:
                var partition = new TopicPartition(offsetKey.Topic, offsetKey.Partition);
                if (record.Value is null)
                {
                    offsets.Remove(partition);
                    break;
                }

                var value = OffsetsTopicCodec.DecodeOffsetCommitValue(record.Value);
                if (State == ConsumerGroupState.Dead)
                {
                    CreateGroup(now);
                }

                offsets[partition] = new CommittedOffset(value.Offset, value.LeaderEpoch, value.Metadata, value.CommitTimestamp);
                break;

            case GroupMetadataKey:
                if (record.Value is null)
                {
                    LoadGroupMetadata(null, now);
                }
                else
                {
                    LoadGroupMetadata(OffsetsTopicCodec.DecodeGroupMetadataValue(record.Value), now);
                }

                break;
        }

        return true;
    }

    private void LoadGroupMetadata(GroupMetadataValue? value, long now)
    {
        var keptOffsets = offsets.ToList();
        ResetToDead(now);
        foreach (var (partition, committed) in keptOffsets)
        {
            offsets[partition] = committed;
        }

        if (value is null)
        {
            if (offsets.Count > 0)
            {
                CreateGroup(now);
            }

            return;
        }

        State = value.Members.Count == 0 ? ConsumerGroupState.Empty : ConsumerGroupState.Stable;
        GenerationId = value.Generation;
        ProtocolType = value.ProtocolType.Length == 0 ? null : value.ProtocolType;
        ProtocolName = value.Protocol;
        LeaderId = value.Leader;
        CurrentStateTimestamp = value.CurrentStateTimestamp >= 0 ? value.CurrentStateTimestamp : null;
        foreach (var stored in value.Members)
        {
            var member = new GroupMember(
                stored.MemberId,
                stored.GroupInstanceId,
                stored.ClientId,
                stored.ClientHost,
                stored.RebalanceTimeout,
                stored.SessionTimeout,
                ProtocolType ?? string.Empty,
                ProtocolName is null ? [] : [new GroupProtocol(ProtocolName, stored.Subscription)])
            {
                Assignment = stored.Assignment,
                SessionDeadline = now + stored.SessionTimeout,
            };
            members[member.MemberId] = member;
            if (member.GroupInstanceId is { } instanceId)
            {
                staticMembers[instanceId] = member.MemberId;
            }
        }

        if (LeaderId is not null && !members.ContainsKey(LeaderId))
        {
            LeaderId = members.Count > 0 ? members.GetAt(0).Key : null;
        }

        subscribedTopics = ComputeSubscribedTopics();
    }

    private OffsetsTopicRecord GroupMetadataRecord()
    {
        var stored = new List<GroupMetadataMember>(members.Count);
        foreach (var member in members.Values)
        {
            stored.Add(new GroupMetadataMember(
                member.MemberId,
                member.GroupInstanceId,
                member.ClientId,
                member.ClientHost,
                member.RebalanceTimeoutMs,
                member.SessionTimeoutMs,
                ProtocolName is null ? [] : member.MetadataFor(ProtocolName),
                member.Assignment));
        }

        var value = new GroupMetadataValue(
            ProtocolType ?? string.Empty,
            GenerationId,
            ProtocolName,
            LeaderId,
            CurrentStateTimestamp ?? -1,
            stored);
        return new OffsetsTopicRecord(
            OffsetsTopicCodec.EncodeKey(new GroupMetadataKey(GroupId)),
            OffsetsTopicCodec.EncodeGroupMetadataValue(value));
    }

    private OffsetsTopicRecord GroupTombstone() =>
        new(OffsetsTopicCodec.EncodeKey(new GroupMetadataKey(GroupId)), null);

    private OffsetsTopicRecord OffsetCommitRecord(TopicPartition partition, CommittedOffset committed) => new(
        OffsetsTopicCodec.EncodeKey(new OffsetCommitKey(GroupId, partition.Topic, partition.Partition)),
        OffsetsTopicCodec.EncodeOffsetCommitValue(
            new OffsetCommitValue(committed.Offset, committed.LeaderEpoch, committed.Metadata, committed.CommitTimestamp)));

    private OffsetsTopicRecord OffsetTombstone(TopicPartition partition) =>
        new(OffsetsTopicCodec.EncodeKey(new OffsetCommitKey(GroupId, partition.Topic, partition.Partition)), null);
}
