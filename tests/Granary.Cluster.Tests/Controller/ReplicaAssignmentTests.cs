// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Cluster.Controller;
using Xunit;

namespace Granary.Cluster.Tests.Controller;

public sealed class ReplicaAssignmentTests
{
    [Fact]
    public void A_single_silo_hosts_every_partition()
    {
        var assignments = ReplicaAssignment.Assign([Silo(7)], 4, 1);
        Assert.Equal(4, assignments.Count);
        Assert.All(assignments, a => Assert.Equal([7], a));
    }

    [Fact]
    public void Leaders_rotate_and_replicas_are_distinct()
    {
        var silos = new[] { Silo(1), Silo(2), Silo(3) };
        var assignments = ReplicaAssignment.Assign(silos, 6, 2);
        Assert.All(assignments, a => Assert.Equal(2, a.Distinct().Count()));
        Assert.Equal([2, 2, 2], assignments.GroupBy(a => a[0]).Select(g => g.Count()));
        Assert.Equal([4, 4, 4], assignments.SelectMany(a => a).GroupBy(id => id).Select(g => g.Count()));
    }

    [Fact]
    public void Replicas_span_racks()
    {
        var silos = new[] { Silo(1, "a"), Silo(2, "a"), Silo(3, "b"), Silo(4, "b") };
        Assert.Equal([1, 3, 2, 4], ReplicaAssignment.RackAlternatingOrder(silos));
        var assignments = ReplicaAssignment.Assign(silos, 8, 2, firstPartition: 3);
        var rackOf = silos.ToDictionary(s => s.SiloId, s => s.Rack);
        Assert.All(assignments, a => Assert.NotEqual(rackOf[a[0]], rackOf[a[1]]));
    }

    [Fact]
    public void Replication_factor_above_the_silo_count_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ReplicaAssignment.Assign([Silo(1)], 1, 2));
    }

    private static SiloRecord Silo(int id, string? rack = null) =>
        new(id, "h", 9092, 1, SiloStatus.Active, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, rack, 1);
}
