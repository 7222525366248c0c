// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>The consumer's group identity at one moment, for transactional offset commits.</summary>
public sealed class ConsumerGroupMetadata : IConsumerGroupMetadata
{
    public ConsumerGroupMetadata(string groupId, int generationId, string memberId, string? groupInstanceId)
    {
        GroupId = groupId;
        GenerationId = generationId;
        MemberId = memberId;
        GroupInstanceId = groupInstanceId;
    }

    public string GroupId { get; }

    public int GenerationId { get; }

    public string MemberId { get; }

    public string? GroupInstanceId { get; }
}
