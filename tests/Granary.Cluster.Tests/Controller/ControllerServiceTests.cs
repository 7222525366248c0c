// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Cluster.Controller;
using Granary.Cluster.Membership;
using Granary.Cluster.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace Granary.Cluster.Tests.Controller;

public sealed class ControllerServiceTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(fakeTimers: false);
    private readonly List<SqliteClusterTable> _tables = [];

    public void Dispose()
    {
        _tables.ForEach(t => t.Dispose());
        _dir.Dispose();
    }

    [Fact]
    public async Task A_single_silo_controller_creates_topics_on_itself()
    {
        var (silo, controller, table) = await StartAsync(3);
        var result = await controller.CreateTopicAsync("orders", 4, 1, new Dictionary<string, string> { ["retention.ms"] = "60000" });
        Assert.True(result.Succeeded, result.ErrorMessage);
        Assert.Equal(4, result.Topic!.PartitionCount);
        Assert.Equal("60000", result.Topic.Configs["retention.ms"]);
        Assert.All(await table.GetPartitionsAsync("orders"), p =>
        {
            Assert.Equal([3], p.Replicas);
            Assert.Equal([3], p.Isr);
            Assert.Equal(3, p.Leader);
        });

        Assert.Equal(TopicCreationStatus.TopicAlreadyExists, (await controller.CreateTopicAsync("orders", 1, 1)).Status);
        Assert.Equal(TopicCreationStatus.InvalidReplicationFactor, (await controller.CreateTopicAsync("wide", 1, 2)).Status);
        Assert.Equal(TopicCreationStatus.InvalidPartitions, (await controller.CreateTopicAsync("none", 0, 1)).Status);

        var grown = await controller.CreatePartitionsAsync("orders", 6);
        Assert.True(grown.Succeeded, grown.ErrorMessage);
        Assert.Equal(6, (await table.GetPartitionsAsync("orders")).Count);
        Assert.Equal(TopicCreationStatus.InvalidPartitions, (await controller.CreatePartitionsAsync("orders", 6)).Status);
        Assert.Equal(TopicCreationStatus.UnknownTopic, (await controller.CreatePartitionsAsync("missing", 2)).Status);

        Assert.True((await controller.DeleteTopicAsync("orders")).Succeeded);
        Assert.Empty(await table.GetPartitionsAsync("orders"));
        Assert.Equal(TopicCreationStatus.UnknownTopic, (await controller.DeleteTopicAsync("orders")).Status);
        GC.KeepAlive(silo);
    }

    [Fact]
    public async Task Only_the_controller_creates_topics()
    {
        await StartAsync(1);
        var (_, follower, _) = await StartAsync(2);
        var result = await follower.CreateTopicAsync("orders", 1, 1);
        Assert.Equal(TopicCreationStatus.NotController, result.Status);
    }

    [Fact]
    public async Task When_a_silo_dies_the_controller_moves_leadership_and_shrinks_the_isr()
    {
        var (first, controller, table) = await StartAsync(1);
        var (second, _, _) = await StartAsync(2);
        await first.TickAsync();
        var created = await controller.CreateTopicAsync("orders", 4, 2);
        Assert.True(created.Succeeded, created.ErrorMessage);
        var before = await table.GetPartitionsAsync("orders");
        Assert.Equal(2, before.Count(p => p.Leader == 2));
        Assert.Equal(0, await controller.ReconcileLeadersAsync());

        _time.Advance(TimeSpan.FromSeconds(10));
        await first.TickAsync();
        Assert.Equal([1], first.Current.ActiveSilos.Select(s => s.SiloId));
        Assert.Equal(4, await controller.ReconcileLeadersAsync());

        var after = await table.GetPartitionsAsync("orders");
        for (var i = 0; i < after.Count; i++)
        {
            Assert.Equal(1, after[i].Leader);
            Assert.Equal([1], after[i].Isr);
            Assert.Equal(before[i].Replicas, after[i].Replicas);
            Assert.Equal(before[i].Leader == 2 ? 1 : 0, after[i].LeaderEpoch);
            Assert.Equal(1, after[i].PartitionEpoch);
        }

        Assert.Equal(0, await controller.ReconcileLeadersAsync());
        GC.KeepAlive(second);
    }

    [Fact]
    public async Task The_hosted_controller_reconciles_on_membership_changes()
    {
        var (first, controller, table) = await StartAsync(1);
        var (second, _, _) = await StartAsync(2);
        await first.TickAsync();
        Assert.True((await controller.CreateTopicAsync("orders", 2, 2)).Succeeded);
        await controller.StartAsync(CancellationToken.None);
        try
        {
            _time.Advance(TimeSpan.FromSeconds(10));
            await first.TickAsync();

            // The watcher runs on its own; wait (bounded) for its CAS writes to land.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (!(await table.GetPartitionsAsync("orders")).All(p => p.Leader == 1 && p.Isr.SequenceEqual([1])))
            {
                await Task.Delay(10, timeout.Token);
            }
        }
        finally
        {
            await controller.StopAsync(CancellationToken.None);
        }

        GC.KeepAlive(second);
    }

    private async Task<(SiloMembershipService Silo, ControllerService Controller, SqliteClusterTable Table)> StartAsync(int siloId)
    {
        var table = new SqliteClusterTable(_dir.Options(pooling: false), _time);
        _tables.Add(table);
        var silo = new SiloMembershipService(
            table,
            Options.Create(new ClusterMembershipOptions { SiloId = siloId }),
            _time,
            NullLogger<SiloMembershipService>.Instance);
        await silo.JoinAsync();
        return (silo, new ControllerService(table, silo, NullLogger<ControllerService>.Instance), table);
    }
}
