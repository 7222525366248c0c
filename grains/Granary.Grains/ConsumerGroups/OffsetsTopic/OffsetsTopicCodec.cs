// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol;

namespace Granary.Grains.ConsumerGroups.OffsetsTopic;

/// <summary>
/// Encodes and decodes <c>__consumer_offsets</c> records with Kafka's own schemas: every key and value starts
/// with an int16 version. Keys: OffsetCommitKey (version 0 or 1: group, topic, partition) and GroupMetadataKey
/// (version 2: group). Values are written as OffsetCommitValue v3 and GroupMetadataValue v3 and read from v0-v3.
/// Decoding throws only <see cref="ProtocolException"/>.
/// </summary>
public static class OffsetsTopicCodec
{
    public const short OffsetCommitKeyVersion = 1;
    public const short GroupMetadataKeyVersion = 2;
    public const short OffsetCommitValueVersion = 3;
    public const short GroupMetadataValueVersion = 3;

    public static byte[] EncodeKey(OffsetsTopicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var writer = new OffsetsTopicWriter();
        switch (key)
        {
            case OffsetCommitKey offset:
                writer.WriteInt16(OffsetCommitKeyVersion);
                writer.WriteNullableString(offset.Group);
                writer.WriteNullableString(offset.Topic);
                writer.WriteInt32(offset.Partition);
                break;
            case GroupMetadataKey group:
                writer.WriteInt16(GroupMetadataKeyVersion);
                writer.WriteNullableString(group.Group);
                break;
            default:
                throw new ArgumentException($"Unknown key type {key.GetType().Name}.", nameof(key));
        }

        return writer.ToArray();
    }

    public static OffsetsTopicKey DecodeKey(ReadOnlySpan<byte> bytes)
    {
        var reader = new OffsetsTopicReader(bytes);
        var version = reader.ReadInt16();
        OffsetsTopicKey key = version switch
        {
            0 or 1 => new OffsetCommitKey(reader.ReadString(), reader.ReadString(), reader.ReadInt32()),
            2 => new GroupMetadataKey(reader.ReadString()),
            _ => throw new ProtocolException(KafkaErrorCode.UnsupportedVersion, $"Unknown __consumer_offsets key version {version}."),
        };
        reader.EnsureEnd("the key");
        return key;
    }

    public static byte[] EncodeOffsetCommitValue(OffsetCommitValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var writer = new OffsetsTopicWriter();
        writer.WriteInt16(OffsetCommitValueVersion);
        writer.WriteInt64(value.Offset);
        writer.WriteInt32(value.LeaderEpoch);
        writer.WriteNullableString(value.Metadata);
        writer.WriteInt64(value.CommitTimestamp);
        return writer.ToArray();
    }

    public static OffsetCommitValue DecodeOffsetCommitValue(ReadOnlySpan<byte> bytes)
    {
        var reader = new OffsetsTopicReader(bytes);
        var version = reader.ReadInt16();
        if (version is < 0 or > 3)
        {
            throw new ProtocolException(KafkaErrorCode.UnsupportedVersion, $"Unsupported OffsetCommitValue version {version}.");
        }

        var offset = reader.ReadInt64();
        var leaderEpoch = version >= 3 ? reader.ReadInt32() : -1;
        var metadata = reader.ReadString();
        var commitTimestamp = reader.ReadInt64();
        var expireTimestamp = version == 1 ? reader.ReadInt64() : -1;
        reader.EnsureEnd("OffsetCommitValue");
        return new OffsetCommitValue(offset, leaderEpoch, metadata, commitTimestamp, expireTimestamp);
    }

    public static byte[] EncodeGroupMetadataValue(GroupMetadataValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var writer = new OffsetsTopicWriter();
        writer.WriteInt16(GroupMetadataValueVersion);
        writer.WriteNullableString(value.ProtocolType);
        writer.WriteInt32(value.Generation);
        writer.WriteNullableString(value.Protocol);
        writer.WriteNullableString(value.Leader);
        writer.WriteInt64(value.CurrentStateTimestamp);
        writer.WriteInt32(value.Members.Count);
        foreach (var member in value.Members)
        {
            writer.WriteNullableString(member.MemberId);
            writer.WriteNullableString(member.GroupInstanceId);
            writer.WriteNullableString(member.ClientId);
            writer.WriteNullableString(member.ClientHost);
            writer.WriteInt32(member.RebalanceTimeout);
            writer.WriteInt32(member.SessionTimeout);
            writer.WriteBytes(member.Subscription);
            writer.WriteBytes(member.Assignment);
        }

        return writer.ToArray();
    }

    public static GroupMetadataValue DecodeGroupMetadataValue(ReadOnlySpan<byte> bytes)
    {
        var reader = new OffsetsTopicReader(bytes);
        var version = reader.ReadInt16();
        if (version is < 0 or > 3)
        {
            throw new ProtocolException(KafkaErrorCode.UnsupportedVersion, $"Unsupported GroupMetadataValue version {version}.");
        }

        var protocolType = reader.ReadString();
        var generation = reader.ReadInt32();
        var protocol = reader.ReadNullableString();
        var leader = reader.ReadNullableString();
        var currentStateTimestamp = version >= 2 ? reader.ReadInt64() : -1;

        // The smallest member: three empty strings, two int32 timeouts and two empty byte arrays.
        var count = reader.ReadArrayCount(minimumElementSize: 2 + 2 + 2 + 4 + 4 + 4);
        var members = new List<GroupMetadataMember>(count);
        for (var i = 0; i < count; i++)
        {
            var memberId = reader.ReadString();
            var groupInstanceId = version >= 3 ? reader.ReadNullableString() : null;
            var clientId = reader.ReadString();
            var clientHost = reader.ReadString();
            var rebalanceTimeout = version >= 1 ? reader.ReadInt32() : (int?)null;
            var sessionTimeout = reader.ReadInt32();
            var subscription = reader.ReadBytes();
            var assignment = reader.ReadBytes();
            members.Add(new GroupMetadataMember(
                memberId,
                groupInstanceId,
                clientId,
                clientHost,
                rebalanceTimeout ?? sessionTimeout,
                sessionTimeout,
                subscription,
                assignment));
        }

        reader.EnsureEnd("GroupMetadataValue");
        return new GroupMetadataValue(protocolType, generation, protocol, leader, currentStateTimestamp, members);
    }
}
