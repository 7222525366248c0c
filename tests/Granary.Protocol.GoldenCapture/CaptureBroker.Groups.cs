// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol.Messages;

namespace Granary.Protocol.GoldenCapture;

internal sealed partial class CaptureBroker
{
    // One member per group is all a capture needs: each joiner becomes the sole member and its own leader.
    private readonly Dictionary<string, ReadOnlyMemory<byte>> assignments = new(StringComparer.Ordinal);
    private int generation;
    private int memberSequence;

    private FindCoordinatorResponse AnswerFindCoordinator() =>
        new() { ErrorMessage = null, NodeId = NodeId, Host = host, Port = port };

    private JoinGroupResponse AnswerJoinGroup(JoinGroupRequest request, string? clientId)
    {
        var memberId = request.MemberId;
        int generationId;
        lock (gate)
        {
            if (string.IsNullOrEmpty(memberId))
            {
                memberId = $"{clientId}-{++memberSequence}";
            }

            generationId = ++generation;
        }

        var protocol = request.Protocols[0];
        return new JoinGroupResponse
        {
            GenerationId = generationId,
            ProtocolType = request.ProtocolType,
            ProtocolName = protocol.Name,
            Leader = memberId,
            MemberId = memberId,
            Members =
            [
                new JoinGroupResponse.JoinGroupResponseMember
                {
                    MemberId = memberId,
                    GroupInstanceId = request.GroupInstanceId,
                    Metadata = protocol.Metadata,
                },
            ],
        };
    }

    private SyncGroupResponse AnswerSyncGroup(SyncGroupRequest request)
    {
        ReadOnlyMemory<byte> assignment;
        lock (gate)
        {
            foreach (var assigned in request.Assignments.Where(assigned => assigned.MemberId == request.MemberId))
            {
                assignments[request.GroupId] = assigned.Assignment.ToArray();
            }

            assignment = assignments.GetValueOrDefault(request.GroupId);
        }

        return new SyncGroupResponse
        {
            ProtocolType = request.ProtocolType,
            ProtocolName = request.ProtocolName,
            Assignment = assignment,
        };
    }

    private static OffsetFetchResponse AnswerOffsetFetch(OffsetFetchRequest request)
    {
        List<(string Name, List<int> Partitions)> requested = request.Topics is { } topics
            ? [.. topics.Select(topic => (topic.Name, topic.PartitionIndexes))]
            : [("golden", [0])];

        return new OffsetFetchResponse
        {
            Topics = [.. requested.Select(topic => new OffsetFetchResponse.OffsetFetchResponseTopic
            {
                Name = topic.Name,

                // No committed offset: the consumer falls back to auto.offset.reset.
                Partitions = [.. topic.Partitions.Select(partition => new OffsetFetchResponse.OffsetFetchResponsePartition
                {
                    PartitionIndex = partition,
                    CommittedOffset = -1,
                    Metadata = string.Empty,
                })],
            })],
        };
    }

    private static OffsetCommitResponse AnswerOffsetCommit(OffsetCommitRequest request) => new()
    {
        Topics = [.. request.Topics.Select(topic => new OffsetCommitResponse.OffsetCommitResponseTopic
        {
            Name = topic.Name,
            Partitions = [.. topic.Partitions.Select(partition => new OffsetCommitResponse.OffsetCommitResponsePartition
            {
                PartitionIndex = partition.PartitionIndex,
            })],
        })],
    };
}
