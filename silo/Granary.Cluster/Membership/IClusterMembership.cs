// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Cluster.Membership;

/// <summary>The local silo's view of cluster membership: who is alive, who is the controller, and when that changes.</summary>
public interface IClusterMembership
{
    /// <summary>This silo's id.</summary>
    int LocalSiloId { get; }

    /// <summary>The latest view.</summary>
    ClusterMembershipView Current { get; }

    /// <summary>Raised after the view changed (membership version, controller, or fencing). Handlers must not block.</summary>
    event EventHandler<ClusterMembershipView>? Changed;

    /// <summary>Yields the current view, then every later change until cancelled. A slow reader skips to the newest view.</summary>
    IAsyncEnumerable<ClusterMembershipView> WatchAsync(CancellationToken cancellationToken = default);
}
