// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Grains.ConsumerGroups.OffsetsTopic;

/// <summary>Kafka's GroupMetadataValue (written as v3, read v0-v3).</summary>
/// <remarks>
/// <para><c>ProtocolType</c>: Empty for a group without one.</para>
/// <para><c>CurrentStateTimestamp</c>: v2+; -1 when unknown.</para>
/// </remarks>
public sealed record GroupMetadataValue(
    string ProtocolType,
    int Generation,
    string? Protocol,
    string? Leader,
    long CurrentStateTimestamp,
    IReadOnlyList<GroupMetadataMember> Members);
