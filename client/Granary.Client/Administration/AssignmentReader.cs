// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol;
using Granary.Protocol.Primitives;

namespace Granary.Client.Administration;

/// <summary>
/// Reads the partitions out of a consumer group member's assignment bytes (Kafka's ConsumerProtocolAssignment,
/// versions 0-3: int16 version, then topics with their partitions, then user data). A small private reader because
/// the protocol library's generator does not produce the consumer protocol's embedded types; the bytes come from
/// another client through the broker, so anything malformed yields an empty assignment rather than an exception.
/// </summary>
internal static class AssignmentReader
{
    private const int MinTopicSize = 2 + 4;

    public static List<TopicPartition> Read(ReadOnlyMemory<byte> assignment)
    {
        if (assignment.Length < 2)
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

            var topics = reader.ReadNullableArrayLength(compact: false, MinTopicSize);
            var result = new List<TopicPartition>();
            for (var t = 0; t < topics; t++)
            {
                var topic = reader.ReadString();
                var partitions = reader.ReadNullableArrayLength(compact: false, sizeof(int));
                for (var p = 0; p < partitions; p++)
                {
                    result.Add(new TopicPartition(topic, reader.ReadInt32()));
                }
            }

            return result;
        }
        catch (ProtocolException)
        {
            return [];
        }
    }
}
