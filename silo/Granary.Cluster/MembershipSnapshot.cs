// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Cluster;

/// <summary>A consistent read of the membership part of the cluster table.</summary>
/// <param name="TableVersion">The membership table version; every silo row write must name it (compare-and-set).</param>
/// <param name="Silos">All silo rows, ordered by silo id.</param>
/// <param name="Lease">The controller lease.</param>
public sealed record MembershipSnapshot(long TableVersion, IReadOnlyList<SiloRecord> Silos, ControllerLease Lease)
{
    /// <summary>The row for <paramref name="siloId"/>, or null.</summary>
    public SiloRecord? Find(int siloId)
    {
        foreach (var silo in Silos)
        {
            if (silo.SiloId == siloId)
            {
                return silo;
            }
        }

        return null;
    }
}
