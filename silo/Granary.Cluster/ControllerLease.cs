// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Cluster;

/// <summary>The controller lease. <see cref="Epoch"/> is the controller epoch: it increases every time the lease changes hands.</summary>
/// <param name="HolderSiloId">The silo holding (or last holding) the lease, or -1 when never held.</param>
/// <param name="HolderGeneration">The holder's generation; a restarted silo is a new holder.</param>
/// <param name="Expiry">When the lease lapses unless renewed.</param>
/// <param name="Epoch">The controller epoch.</param>
public sealed record ControllerLease(int HolderSiloId, long HolderGeneration, DateTimeOffset Expiry, long Epoch)
{
    /// <summary>Whether the lease is held at <paramref name="now"/>.</summary>
    public bool IsHeldAt(DateTimeOffset now) => HolderSiloId >= 0 && now < Expiry;

    /// <summary>Whether the lease is held at <paramref name="now"/> by this exact silo incarnation.</summary>
    public bool IsHeldBy(int siloId, long generation, DateTimeOffset now) =>
        IsHeldAt(now) && HolderSiloId == siloId && HolderGeneration == generation;
}
