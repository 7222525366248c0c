// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Grains.ConsumerGroups;

/// <summary>One leaving member of a LeaveGroup request (v0-v2 carry exactly one, with no instance id).</summary>
/// <remarks>
/// <para><c>MemberId</c>: The member id, or empty to remove a static member by its instance id alone.</para>
/// </remarks>
public sealed record LeaveGroupMember(string MemberId, string? GroupInstanceId);
