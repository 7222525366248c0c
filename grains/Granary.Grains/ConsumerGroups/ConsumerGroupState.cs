// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Grains.ConsumerGroups;

/// <summary>The states of a classic Kafka group (GroupState in Kafka's coordinator).</summary>
public enum ConsumerGroupState
{
    /// <summary>No members; may still hold committed offsets. A fresh or deleted group is <see cref="Dead"/>.</summary>
    Empty,

    /// <summary>Waiting for members to (re)join.</summary>
    PreparingRebalance,

    /// <summary>Joins are done; waiting for the leader's assignment in SyncGroup.</summary>
    CompletingRebalance,

    /// <summary>Assignments distributed; members heartbeat.</summary>
    Stable,

    /// <summary>The group does not exist (never created, deleted, or expired).</summary>
    Dead,
}
