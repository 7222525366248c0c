// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers.Binary;
using Granary.Protocol;
using Granary.Protocol.Messages;
using Granary.Protocol.Primitives;

namespace Granary.Client.Consuming;

/// <summary>
/// The "consumer" protocol-type bytes inside JoinGroup and SyncGroup: an int16 version followed by Kafka's
/// ConsumerProtocolSubscription or ConsumerProtocolAssignment (generated from the data specs).
/// </summary>
internal static class ConsumerProtocol
{
    public const string ProtocolType = "consumer";

    /// <summary>v3 carries owned partitions (cooperative), the generation and the rack; readers ignore what they do not know.</summary>
    public const short SubscriptionVersion = 3;

    public const short AssignmentVersion = 3;

    public static byte[] EncodeSubscription(IEnumerable<string> topics, IEnumerable<TopicPartition> owned, int generationId)
    {
        var message = new ConsumerProtocolSubscription
        {
            Topics = [.. topics.Order(StringComparer.Ordinal)],
            OwnedPartitions = [.. Group(owned).Select(g => new ConsumerProtocolSubscription.TopicPartition { Topic = g.Key, Partitions = g.Value })],
            GenerationId = generationId,
        };
        return Encode(message, SubscriptionVersion);
    }

    public static MemberSubscription DecodeSubscription(string memberId, string? groupInstanceId, ReadOnlyMemory<byte> bytes)
    {
        var message = new ConsumerProtocolSubscription();
        var version = Decode(message, bytes, "subscription");
        var owned = message.OwnedPartitions.SelectMany(t => t.Partitions.Select(p => new TopicPartition(t.Topic, p))).ToList();
        return new MemberSubscription(memberId, groupInstanceId, message.Topics, owned, version >= 2 ? message.GenerationId : -1);
    }

    public static byte[] EncodeAssignment(IEnumerable<TopicPartition> partitions)
    {
        var message = new ConsumerProtocolAssignment
        {
            AssignedPartitions = [.. Group(partitions).Select(g => new ConsumerProtocolAssignment.TopicPartition { Topic = g.Key, Partitions = g.Value })],
        };
        return Encode(message, AssignmentVersion);
    }

    public static List<TopicPartition> DecodeAssignment(ReadOnlyMemory<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            // A member the leader gave nothing (or a leader that sent no entry) gets an empty assignment.
            return [];
        }

        var message = new ConsumerProtocolAssignment();
        Decode(message, bytes, "assignment");
        return [.. message.AssignedPartitions.SelectMany(t => t.Partitions.Select(p => new TopicPartition(t.Topic, p)))];
    }

    private static SortedDictionary<string, List<int>> Group(IEnumerable<TopicPartition> partitions)
    {
        var byTopic = new SortedDictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var tp in partitions)
        {
            if (!byTopic.TryGetValue(tp.Topic, out var list))
            {
                byTopic[tp.Topic] = list = [];
            }

            list.Add(tp.Partition.Value);
        }

        foreach (var list in byTopic.Values)
        {
            list.Sort();
        }

        return byTopic;
    }

    private static byte[] Encode(IKafkaVersionedMessage message, short version)
    {
        var writer = new KafkaWriter();
        writer.WriteInt16(version);
        message.Write(writer, version);
        return writer.WrittenMemory.ToArray();
    }

    private static short Decode(IKafkaVersionedMessage message, ReadOnlyMemory<byte> bytes, string what)
    {
        if (bytes.Length < 2)
        {
            throw new ProtocolException(KafkaErrorCode.InconsistentGroupProtocol, $"The consumer protocol {what} is {bytes.Length} bytes, too short for its version.");
        }

        var version = BinaryPrimitives.ReadInt16BigEndian(bytes.Span);
        if (version < 0)
        {
            throw new ProtocolException(KafkaErrorCode.InconsistentGroupProtocol, $"The consumer protocol {what} has negative version {version}.");
        }

        // A newer member's bytes start with the fields this version knows; Kafka reads them at its own highest version.
        var readAs = Math.Min(version, message.HighestSupportedVersion);
        var reader = new KafkaReader(bytes[2..]);
        message.Read(ref reader, readAs);
        return version;
    }
}
