// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>Options for <see cref="Granary.Client.IAdminClient.ListConsumerGroupsAsync"/>.</summary>
public class ListConsumerGroupsOptions
{
    /// <summary>How long to wait for the broker's answer; null uses the client's request.timeout.ms.</summary>
    public TimeSpan? RequestTimeout { get; set; }

    /// <summary>Only groups in one of these states are listed; null or empty lists every state.</summary>
    public IEnumerable<ConsumerGroupState>? MatchStates { get; set; }

    /// <summary>Only groups of one of these types are listed; null or empty lists every type.</summary>
    public IEnumerable<ConsumerGroupType>? MatchTypes { get; set; }
}
