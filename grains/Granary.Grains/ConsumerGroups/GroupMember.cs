// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Grains.ConsumerGroups;

/// <summary>The coordinator's mutable view of one member (Kafka's MemberMetadata).</summary>
internal sealed class GroupMember
{
    public GroupMember(
        string memberId,
        string? groupInstanceId,
        string clientId,
        string clientHost,
        int rebalanceTimeoutMs,
        int sessionTimeoutMs,
        string protocolType,
        IReadOnlyList<GroupProtocol> protocols)
    {
        MemberId = memberId;
        GroupInstanceId = groupInstanceId;
        ClientId = clientId;
        ClientHost = clientHost;
        RebalanceTimeoutMs = rebalanceTimeoutMs;
        SessionTimeoutMs = sessionTimeoutMs;
        ProtocolType = protocolType;
        Protocols = protocols;
    }

    public string MemberId { get; set; }

    public string? GroupInstanceId { get; }

    public string ClientId { get; }

    public string ClientHost { get; }

    public int RebalanceTimeoutMs { get; set; }

    public int SessionTimeoutMs { get; set; }

    public string ProtocolType { get; }

    public IReadOnlyList<GroupProtocol> Protocols { get; set; }

    public byte[] Assignment { get; set; } = [];

    /// <summary>The pending JoinGroup answer, while the member waits for the rebalance to complete.</summary>
    public TaskCompletionSource<JoinGroupResult>? AwaitingJoin { get; set; }

    /// <summary>The pending SyncGroup answer, while the member waits for the leader's assignment.</summary>
    public TaskCompletionSource<SyncGroupResult>? AwaitingSync { get; set; }

    /// <summary>A member that has not yet received its first JoinGroup answer; it expires after the new-member timeout.</summary>
    public bool IsNew { get; set; }

    /// <summary>Unix milliseconds at which the session expires; <see cref="long.MaxValue"/> while a request keeps it alive.</summary>
    public long SessionDeadline { get; set; } = long.MaxValue;

    public bool IsStatic => GroupInstanceId is not null;

    public byte[] MetadataFor(string protocol)
    {
        foreach (var candidate in Protocols)
        {
            if (candidate.Name == protocol)
            {
                return candidate.Metadata;
            }
        }

        return [];
    }

    public bool Supports(string protocol)
    {
        foreach (var candidate in Protocols)
        {
            if (candidate.Name == protocol)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a rejoin carries exactly the protocols (names, order and metadata) the member already has.</summary>
    public bool Matches(IReadOnlyList<GroupProtocol> protocols)
    {
        if (protocols.Count != Protocols.Count)
        {
            return false;
        }

        for (var i = 0; i < protocols.Count; i++)
        {
            if (protocols[i].Name != Protocols[i].Name || !protocols[i].Metadata.AsSpan().SequenceEqual(Protocols[i].Metadata))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The member's most preferred protocol among the candidates every member supports.</summary>
    public string? Vote(IReadOnlyCollection<string> candidates)
    {
        foreach (var protocol in Protocols)
        {
            if (candidates.Contains(protocol.Name))
            {
                return protocol.Name;
            }
        }

        return null;
    }
}
