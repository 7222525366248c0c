// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Security.Cryptography;
using System.Text;
using Granary.Protocol.Messages;

namespace Granary.Protocol.GoldenCapture;

internal sealed partial class CaptureBroker
{
    private readonly SortedSet<string> topics = new(StringComparer.Ordinal) { "golden" };

    private MetadataResponse AnswerMetadata(MetadataRequest request, out string? label)
    {
        // "All topics" (null), "no topics" (empty) and a named list are different shapes worth keeping.
        label = request.Topics switch
        {
            null => "all",
            [] => "none",
            _ => "topics",
        };
        var requested = request.Topics?.Select(topic => topic.Name).OfType<string>().ToList() ?? [];
        string[] answered;
        lock (gate)
        {
            // Every topic asked for exists, with one partition: the capture broker auto-creates.
            topics.UnionWith(requested);
            answered = request.Topics is null ? [.. topics] : [.. requested];
        }

        return new MetadataResponse
        {
            Brokers = [new MetadataResponse.MetadataResponseBroker { NodeId = NodeId, Host = host, Port = port }],
            ClusterId = ClusterId,
            ControllerId = NodeId,
            Topics = [.. answered.Select(topic => new MetadataResponse.MetadataResponseTopic
            {
                Name = topic,
                TopicId = TopicIdOf(topic),
                Partitions =
                [
                    new MetadataResponse.MetadataResponsePartition
                    {
                        PartitionIndex = 0,
                        LeaderId = NodeId,

                        // An unknown leader epoch keeps clients from validating positions with OffsetForLeaderEpoch.
                        LeaderEpoch = -1,
                        ReplicaNodes = [NodeId],
                        IsrNodes = [NodeId],
                    },
                ],
            })],
        };
    }

    /// <summary>Deterministic and non-zero, so repeated captures answer with the same id.</summary>
    private static Guid TopicIdOf(string topic) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes(topic)).AsSpan(0, 16), bigEndian: true);
}
