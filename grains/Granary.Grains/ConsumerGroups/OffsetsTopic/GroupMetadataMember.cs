// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Grains.ConsumerGroups.OffsetsTopic;

/// <summary>One member inside Kafka's GroupMetadataValue.</summary>
/// <remarks>
/// <para><c>GroupInstanceId</c>: v3+; null for dynamic members.</para>
/// <para><c>RebalanceTimeout</c>: v1+; the session timeout when read from v0.</para>
/// <para><c>Subscription</c>: The member's metadata for the group's protocol.</para>
/// </remarks>
public sealed record GroupMetadataMember(
    string MemberId,
    string? GroupInstanceId,
    string ClientId,
    string ClientHost,
    int RebalanceTimeout,
    int SessionTimeout,
    byte[] Subscription,
    byte[] Assignment);
