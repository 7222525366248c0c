// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Cluster;

/// <summary>Lifecycle state of a silo row in the cluster table.</summary>
public enum SiloStatus
{
    /// <summary>Registered but not yet serving.</summary>
    Joining = 0,

    /// <summary>Serving and heartbeating.</summary>
    Active = 1,

    /// <summary>Stopping gracefully; takes no new roles.</summary>
    ShuttingDown = 2,

    /// <summary>Stopped or declared dead by the controller; this generation never comes back.</summary>
    Dead = 3,
}
