// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Cluster.Membership;

/// <summary>The local silo's cached copy of topics and partition states, refreshed when the table's metadata version moves.</summary>
public interface IClusterMetadata
{
    /// <summary>The latest snapshot (<see cref="ClusterMetadataSnapshot.Empty"/> before the first read).</summary>
    ClusterMetadataSnapshot Current { get; }

    /// <summary>Raised after a newer snapshot was read. Handlers must not block.</summary>
    event EventHandler<ClusterMetadataSnapshot>? Changed;

    /// <summary>Reads the table now if its metadata version moved (call after a local change to see it at once).</summary>
    Task<ClusterMetadataSnapshot> RefreshAsync(CancellationToken cancellationToken = default);

    /// <summary>Yields the current snapshot, then every newer one until cancelled. A slow reader skips to the newest.</summary>
    IAsyncEnumerable<ClusterMetadataSnapshot> WatchAsync(CancellationToken cancellationToken = default);
}
