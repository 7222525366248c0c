// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Cluster.Controller;
using Xunit;

namespace Granary.Cluster.Tests.Controller;

public sealed class LeaderElectionTests
{
    private static readonly PartitionState Healthy = new("t", 0, [1, 2, 3], [1, 2, 3], 1, 4, 9);

    [Fact]
    public void Nothing_changes_while_every_isr_member_lives()
    {
        Assert.Null(LeaderElection.Elect(Healthy, new HashSet<int> { 1, 2, 3 }));
    }

    [Fact]
    public void A_dead_follower_leaves_the_isr_without_a_new_leader_epoch()
    {
        var next = LeaderElection.Elect(Healthy, new HashSet<int> { 1, 2 });
        Assert.NotNull(next);
        Assert.Equal([1, 2], next.Isr);
        Assert.Equal(1, next.Leader);
        Assert.Equal(4, next.LeaderEpoch);
    }

    [Fact]
    public void A_dead_leader_is_replaced_by_the_first_live_replica_in_the_isr()
    {
        var next = LeaderElection.Elect(Healthy with { Isr = [1, 3] }, new HashSet<int> { 2, 3 });
        Assert.NotNull(next);
        Assert.Equal(3, next.Leader);
        Assert.Equal([3], next.Isr);
        Assert.Equal(5, next.LeaderEpoch);
    }

    [Fact]
    public void Without_a_live_isr_member_the_partition_goes_leaderless_and_waits_for_the_last_leader()
    {
        var leaderless = LeaderElection.Elect(Healthy with { Isr = [1] }, new HashSet<int> { 2, 3 });
        Assert.NotNull(leaderless);
        Assert.Equal(PartitionState.NoLeader, leaderless.Leader);
        Assert.Equal([1], leaderless.Isr);
        Assert.Equal(5, leaderless.LeaderEpoch);
        Assert.Null(LeaderElection.Elect(leaderless, new HashSet<int> { 2, 3 }));

        var back = LeaderElection.Elect(leaderless, new HashSet<int> { 1, 2, 3 });
        Assert.NotNull(back);
        Assert.Equal(1, back.Leader);
        Assert.Equal(6, back.LeaderEpoch);
    }
}
