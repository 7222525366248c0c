// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Cluster.Membership;

/// <summary>The local silo's view of the cluster at one moment.</summary>
/// <param name="Snapshot">The membership rows and lease as read from the table.</param>
/// <param name="LocalSiloId">This silo's id.</param>
/// <param name="LocalGeneration">This silo's generation (0 before it registered).</param>
/// <param name="ReadTime">When the view was read (TimeProvider time).</param>
/// <param name="IsFenced">Whether this incarnation was fenced (declared dead or replaced by a newer generation) and must stop serving.</param>
public sealed record ClusterMembershipView(MembershipSnapshot Snapshot, int LocalSiloId, long LocalGeneration, DateTimeOffset ReadTime, bool IsFenced)
{
    /// <summary>The membership table version of this view.</summary>
    public long TableVersion => Snapshot.TableVersion;

    /// <summary>All silo rows, dead ones included.</summary>
    public IReadOnlyList<SiloRecord> Silos => Snapshot.Silos;

    /// <summary>This silo's row, or null before it registered.</summary>
    public SiloRecord? LocalSilo => Snapshot.Find(LocalSiloId);

    /// <summary>Silos with status Active, ordered by id.</summary>
    public IReadOnlyList<SiloRecord> ActiveSilos => Snapshot.Silos.Where(s => s.Status == SiloStatus.Active).ToArray();

    /// <summary>The controller's silo id, or -1 when no silo holds a valid lease at <see cref="ReadTime"/>.</summary>
    public int ControllerSiloId => Snapshot.Lease.IsHeldAt(ReadTime) ? Snapshot.Lease.HolderSiloId : -1;

    /// <summary>The controller epoch (increases with every change of controller).</summary>
    public long ControllerEpoch => Snapshot.Lease.Epoch;

    /// <summary>Whether this silo incarnation holds the controller lease.</summary>
    public bool IsLocalController => !IsFenced && Snapshot.Lease.IsHeldBy(LocalSiloId, LocalGeneration, ReadTime);
}
