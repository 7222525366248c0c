// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>A member of a consumer group, with its assignment decoded from the group's assignment bytes.</summary>
public class MemberDescription
{
    public string ClientId { get; set; } = string.Empty;

    /// <summary>group.instance.id of a static member; null for a dynamic one.</summary>
    public string? GroupInstanceId { get; set; }

    /// <summary>The member id the coordinator gave the member.</summary>
    public string ConsumerId { get; set; } = string.Empty;

    public string Host { get; set; } = string.Empty;

    public MemberAssignment Assignment { get; set; } = new();

    /// <summary>The target assignment of the new consumer group protocol (KIP-848); null under the classic protocol.</summary>
    public MemberAssignment? TargetAssignment { get; set; }
}
