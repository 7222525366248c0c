// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol;
using Granary.Protocol.Messages;
using Granary.Protocol.Primitives;

namespace Granary.Client.Administration;

/// <summary>
/// Reads the partitions out of a consumer group member's assignment bytes: an int16 version, then Kafka's
/// ConsumerProtocolAssignment at that version (a newer version is read as the newest known, as the Java client does,
/// since later versions only append fields). The bytes come from another client through the broker, so anything
/// malformed yields an empty assignment rather than an exception.
/// </summary>
internal static class AssignmentReader
{
    public static List<TopicPartition> Read(ReadOnlyMemory<byte> assignment)
    {
        if (assignment.Length < sizeof(short))
        {
            return [];
        }

        try
        {
            var reader = new KafkaReader(assignment);
            var version = reader.ReadInt16();
            if (version < 0)
            {
                return [];
            }

            var message = new ConsumerProtocolAssignment();
            message.Read(ref reader, Math.Min(version, message.HighestSupportedVersion));
            return [.. message.AssignedPartitions.SelectMany(t => t.Partitions.Select(p => new TopicPartition(t.Topic, p)))];
        }
        catch (ProtocolException)
        {
            return [];
        }
    }
}
