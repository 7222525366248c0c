// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Cluster.Controller;

/// <summary>Pure leader election from the ISR, as Kafka's controller does without unclean election.</summary>
public static class LeaderElection
{
    /// <summary>
    /// Computes the partition's next state given the live silos, or null when nothing changes. Dead silos leave the ISR;
    /// the leader is the first replica (in assignment order, so the preferred leader wins) that is live and in the ISR.
    /// When no ISR member is alive the partition goes leaderless and the ISR keeps its last member, so that replica,
    /// which has every committed record, can lead again when it returns (no unclean election).
    /// The leader epoch increases whenever the leader changes.
    /// </summary>
    public static PartitionState? Elect(PartitionState state, IReadOnlySet<int> liveSilos)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(liveSilos);
        var liveIsr = state.Isr.Where(liveSilos.Contains).ToArray();
        IReadOnlyList<int> isr = liveIsr.Length > 0 ? liveIsr : LastMember(state);
        var leader = state.Leader != PartitionState.NoLeader && liveIsr.Contains(state.Leader)
            ? state.Leader
            : FirstLiveInIsr(state.Replicas, liveIsr);
        var sameIsr = isr.SequenceEqual(state.Isr);
        if (leader == state.Leader && sameIsr)
        {
            return null;
        }

        return state with
        {
            Isr = isr,
            Leader = leader,
            LeaderEpoch = leader == state.Leader ? state.LeaderEpoch : state.LeaderEpoch + 1,
        };
    }

    private static int FirstLiveInIsr(IReadOnlyList<int> replicas, int[] liveIsr)
    {
        foreach (var replica in replicas)
        {
            if (liveIsr.Contains(replica))
            {
                return replica;
            }
        }

        return PartitionState.NoLeader;
    }

    private static int[] LastMember(PartitionState state)
    {
        if (state.Leader != PartitionState.NoLeader)
        {
            return [state.Leader];
        }

        return state.Isr.Count > 0 ? [state.Isr[0]] : [];
    }
}
