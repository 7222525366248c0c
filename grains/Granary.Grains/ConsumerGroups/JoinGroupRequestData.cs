// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Grains.ConsumerGroups;

/// <summary>The fields of a JoinGroup request (v0-v9) the coordinator acts on.</summary>
/// <remarks>
/// <para><c>ApiVersion</c>: The request version: v4+ requires a known member id (KIP-394), v9+ supports SkipAssignment.</para>
/// <para><c>MemberId</c>: The member id, or empty for a member that has none yet.</para>
/// <para><c>GroupInstanceId</c>: The static member's group.instance.id (v5+), or null for a dynamic member.</para>
/// <para><c>ClientId</c>: The client id of the request header (prefix of generated member ids).</para>
/// <para><c>ClientHost</c>: The client's address, reported by DescribeGroups.</para>
/// <para><c>SessionTimeoutMs</c>: The member's session timeout.</para>
/// <para><c>RebalanceTimeoutMs</c>: The member's rebalance timeout; -1 (v0) means the session timeout.</para>
/// <para><c>ProtocolType</c>: The protocol type, "consumer" for consumers.</para>
/// <para><c>Protocols</c>: The supported protocols in order of preference.</para>
/// </remarks>
public sealed record JoinGroupRequestData(
    short ApiVersion,
    string MemberId,
    string? GroupInstanceId,
    string ClientId,
    string ClientHost,
    int SessionTimeoutMs,
    int RebalanceTimeoutMs,
    string ProtocolType,
    IReadOnlyList<GroupProtocol> Protocols);
