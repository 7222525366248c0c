// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Grains.ConsumerGroups;

/// <summary>The fields of a SyncGroup request (v0-v5) the coordinator acts on.</summary>
/// <remarks>
/// <para><c>ProtocolType</c>: v5+: must match the group's protocol type when not null.</para>
/// <para><c>ProtocolName</c>: v5+: must match the group's selected protocol when not null.</para>
/// <para><c>Assignments</c>: The leader's assignments per member id (followers send none).</para>
/// </remarks>
public sealed record SyncGroupRequestData(
    string MemberId,
    string? GroupInstanceId,
    int GenerationId,
    string? ProtocolType,
    string? ProtocolName,
    IReadOnlyDictionary<string, byte[]> Assignments);
