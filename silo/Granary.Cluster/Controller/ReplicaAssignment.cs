// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Cluster.Controller;

/// <summary>Pure replica placement: which silos host each partition of a new topic or of added partitions.</summary>
public static class ReplicaAssignment
{
    /// <summary>
    /// Assigns <paramref name="partitionCount"/> partitions with <paramref name="replicationFactor"/> replicas each.
    /// Silos are ordered so consecutive entries alternate racks (the same idea as Kafka's rack-aware assignment);
    /// partition p takes the <paramref name="replicationFactor"/> silos that follow position start + p, so leaders
    /// (first replicas) rotate over all silos and a partition's replicas span as many racks as exist.
    /// </summary>
    /// <param name="silos">The live silos to place on.</param>
    /// <param name="partitionCount">Partitions to assign.</param>
    /// <param name="replicationFactor">Replicas per partition; at most the number of silos.</param>
    /// <param name="firstPartition">The first partition's number (for added partitions), so rotation continues.</param>
    public static IReadOnlyList<IReadOnlyList<int>> Assign(IReadOnlyList<SiloRecord> silos, int partitionCount, short replicationFactor, int firstPartition = 0)
    {
        ArgumentNullException.ThrowIfNull(silos);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitionCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicationFactor, (short)1);
        ArgumentOutOfRangeException.ThrowIfNegative(firstPartition);
        if (replicationFactor > silos.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(replicationFactor), replicationFactor, $"Replication factor {replicationFactor} is larger than the {silos.Count} available silos.");
        }

        var ordered = RackAlternatingOrder(silos);
        var assignments = new IReadOnlyList<int>[partitionCount];
        for (var p = 0; p < partitionCount; p++)
        {
            var replicas = new int[replicationFactor];
            for (var r = 0; r < replicationFactor; r++)
            {
                replicas[r] = ordered[(firstPartition + p + r) % ordered.Count];
            }

            assignments[p] = replicas;
        }

        return assignments;
    }

    /// <summary>Silo ids ordered by interleaving racks: one silo of each rack in turn (racks and silos sorted for determinism).</summary>
    public static IReadOnlyList<int> RackAlternatingOrder(IReadOnlyList<SiloRecord> silos)
    {
        ArgumentNullException.ThrowIfNull(silos);
        var byRack = silos
            .GroupBy(s => s.Rack ?? "", StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new Queue<int>(g.Select(s => s.SiloId).Order()))
            .ToList();
        var ordered = new List<int>(silos.Count);
        while (ordered.Count < silos.Count)
        {
            foreach (var rack in byRack)
            {
                if (rack.TryDequeue(out var id))
                {
                    ordered.Add(id);
                }
            }
        }

        return ordered;
    }
}
