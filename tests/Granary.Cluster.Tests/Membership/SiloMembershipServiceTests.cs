// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Cluster.Controller;
using Granary.Cluster.Membership;
using Granary.Cluster.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace Granary.Cluster.Tests.Membership;

public sealed class SiloMembershipServiceTests : IDisposable
{
    private static readonly TimeSpan SessionTimeout = TimeSpan.FromMilliseconds(9000);

    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(fakeTimers: false);
    private readonly List<SqliteClusterTable> _tables = [];

    public void Dispose()
    {
        _tables.ForEach(t => t.Dispose());
        _dir.Dispose();
    }

    [Fact]
    public async Task Every_registration_gets_a_new_generation_and_the_old_incarnation_is_fenced()
    {
        var first = Silo(1);
        await first.JoinAsync();
        Assert.Equal(1, first.Generation);
        Assert.Equal(SiloStatus.Active, first.Current.LocalSilo!.Status);
        await first.LeaveAsync();
        Assert.Equal(SiloStatus.Dead, (await Table().ReadMembershipAsync()).Find(1)!.Status);

        var second = Silo(1);
        await second.JoinAsync();
        Assert.Equal(2, second.Generation);

        // A restart without a clean stop (crash) also takes a new generation; the old process is fenced.
        var third = Silo(1);
        await third.JoinAsync();
        Assert.Equal(3, third.Generation);
        await second.TickAsync();
        Assert.True(second.Current.IsFenced);
        Assert.False(second.Current.IsLocalController);

        var row = (await Table().ReadMembershipAsync()).Find(1)!;
        Assert.Equal(3, row.Generation);
        Assert.Equal(SiloStatus.Active, row.Status);
        Assert.Equal("host-1", row.Host);
        Assert.Equal(9093, row.Port);
        Assert.Equal("rack-1", row.Rack);
    }

    [Fact]
    public async Task Heartbeats_update_the_row_and_a_lone_silo_is_the_controller()
    {
        var silo = Silo(1);
        await silo.JoinAsync();
        Assert.True(silo.Current.IsLocalController);
        Assert.Equal(1, silo.Current.ControllerSiloId);
        Assert.Equal(1, silo.Current.ControllerEpoch);
        Assert.Equal([1], silo.Current.ActiveSilos.Select(s => s.SiloId));

        for (var i = 1; i <= 3; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(2));
            await silo.TickAsync();
            var row = (await Table().ReadMembershipAsync()).Find(1)!;
            Assert.Equal(_time.GetUtcNow(), row.HeartbeatTime);
        }

        // Renewals keep the same controller epoch.
        Assert.True(silo.Current.IsLocalController);
        Assert.Equal(1, silo.Current.ControllerEpoch);
    }

    [Fact]
    public async Task The_controller_declares_silent_silos_dead_and_they_are_fenced()
    {
        var controller = Silo(1);
        var other = Silo(2);
        await controller.JoinAsync();
        await other.JoinAsync();
        Assert.False(other.Current.IsLocalController);
        Assert.Equal(1, other.Current.ControllerSiloId);

        // Within the session timeout nobody is declared dead.
        _time.Advance(SessionTimeout);
        await controller.TickAsync();
        Assert.Equal([1, 2], controller.Current.ActiveSilos.Select(s => s.SiloId));

        _time.Advance(TimeSpan.FromMilliseconds(1));
        await controller.TickAsync();
        Assert.Equal([1], controller.Current.ActiveSilos.Select(s => s.SiloId));
        Assert.Equal(SiloStatus.Dead, controller.Current.Silos.Single(s => s.SiloId == 2).Status);

        await other.TickAsync();
        Assert.True(other.Current.IsFenced);

        // Restarting the dead silo registers a new generation that the controller keeps.
        var restarted = Silo(2);
        await restarted.JoinAsync();
        Assert.Equal(2, restarted.Generation);
        await controller.TickAsync();
        Assert.Equal([1, 2], controller.Current.ActiveSilos.Select(s => s.SiloId));
    }

    [Fact]
    public async Task When_the_controller_goes_silent_another_silo_takes_the_lease_with_a_higher_epoch()
    {
        var first = Silo(1);
        var second = Silo(2);
        await first.JoinAsync();
        await second.JoinAsync();
        Assert.True(first.Current.IsLocalController);

        _time.Advance(TimeSpan.FromSeconds(5));
        await second.TickAsync();
        Assert.False(second.Current.IsLocalController);

        _time.Advance(TimeSpan.FromSeconds(5));
        await second.TickAsync();
        Assert.True(second.Current.IsLocalController);
        Assert.Equal(2, second.Current.ControllerEpoch);
        Assert.Equal(SiloStatus.Dead, second.Current.Silos.Single(s => s.SiloId == 1).Status);

        await first.TickAsync();
        Assert.True(first.Current.IsFenced);
        Assert.False(first.Current.IsLocalController);
        Assert.Equal(2, first.Current.ControllerSiloId);
    }

    [Fact]
    public async Task Graceful_leave_releases_the_lease_so_the_next_silo_takes_over_at_once()
    {
        var first = Silo(1);
        var second = Silo(2);
        await first.JoinAsync();
        await second.JoinAsync();
        await first.LeaveAsync();
        Assert.Equal(-1, first.Current.ControllerSiloId);

        await second.TickAsync();
        Assert.True(second.Current.IsLocalController);
        Assert.Equal(2, second.Current.ControllerEpoch);
        Assert.Equal([2], second.Current.ActiveSilos.Select(s => s.SiloId));
    }

    [Fact]
    public async Task Watchers_and_event_handlers_see_membership_changes()
    {
        var first = Silo(1);
        await first.JoinAsync();
        var events = new List<ClusterMembershipView>();
        first.Changed += (_, view) => events.Add(view);

        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var watch = first.WatchAsync(cancel.Token).GetAsyncEnumerator(cancel.Token);
        Assert.True(await watch.MoveNextAsync());
        Assert.Single(watch.Current.ActiveSilos);

        var next = watch.MoveNextAsync();
        await Silo(2).JoinAsync();
        await first.TickAsync();
        Assert.True(await next);
        Assert.Equal([1, 2], watch.Current.ActiveSilos.Select(s => s.SiloId));
        Assert.Equal([1, 2], Assert.Single(events).ActiveSilos.Select(s => s.SiloId));

        // A round without membership changes raises nothing.
        await first.TickAsync();
        Assert.Single(events);
    }

    [Fact]
    public async Task Hosted_silo_registers_on_start_serves_as_controller_and_leaves_on_stop()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSqliteClusterTable(o => o.DataDirectory = _dir.Path);
        builder.Services.AddClusterMembership(o =>
        {
            o.SiloId = 5;
            o.Port = 19092;
            o.HeartbeatInterval = TimeSpan.FromMilliseconds(50);
            o.SessionTimeout = TimeSpan.FromSeconds(30);
        });
        using var host = builder.Build();
        await host.StartAsync();

        var membership = host.Services.GetRequiredService<IClusterMembership>();
        Assert.True(membership.Current.IsLocalController);
        Assert.Equal(SiloStatus.Active, membership.Current.LocalSilo!.Status);
        var controller = host.Services.GetRequiredService<ControllerService>();
        var created = await controller.CreateTopicAsync("events", 3, 1);
        Assert.True(created.Succeeded, created.ErrorMessage);
        var table = host.Services.GetRequiredService<IClusterTable>();
        Assert.All(await table.GetPartitionsAsync("events"), p => Assert.Equal([5], p.Replicas));

        await host.StopAsync();
        var snapshot = await table.ReadMembershipAsync();
        Assert.Equal(SiloStatus.Dead, snapshot.Find(5)!.Status);
        Assert.False(snapshot.Lease.IsHeldAt(TimeProvider.System.GetUtcNow()));
    }

    [Fact]
    public void Invalid_options_name_the_key_and_range()
    {
        var options = new ClusterMembershipOptions { SiloId = -1, HeartbeatInterval = TimeSpan.FromSeconds(10), SessionTimeout = TimeSpan.FromSeconds(5) };
        var errors = options.Validate();
        Assert.Contains(errors, e => e.Contains("node.id", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("broker.session.timeout.ms", StringComparison.Ordinal) && e.Contains("broker.heartbeat.interval.ms", StringComparison.Ordinal));
        Assert.Empty(new ClusterMembershipOptions { SiloId = 0 }.Validate());
        Assert.Equal(TimeSpan.FromMilliseconds(2000), new ClusterMembershipOptions().HeartbeatInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(9000), new ClusterMembershipOptions().SessionTimeout);

        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSqliteClusterTable(o => o.DataDirectory = _dir.Path);
        builder.Services.AddClusterMembership(o => o.SiloId = -3);
        using var host = builder.Build();
        var error = Assert.Throws<OptionsValidationException>(() => host.StartAsync().GetAwaiter().GetResult());
        Assert.Contains("SiloId", error.Message, StringComparison.Ordinal);
    }

    // Each silo gets its own table object without pooling: towards the file it behaves like a separate process.
    private SiloMembershipService Silo(int id)
    {
        var options = Options.Create(new ClusterMembershipOptions
        {
            SiloId = id,
            Host = $"host-{id}",
            Port = 9092 + id,
            Rack = $"rack-{id}",
            SessionTimeout = SessionTimeout,
        });
        return new SiloMembershipService(Table(), options, _time, NullLogger<SiloMembershipService>.Instance);
    }

    private SqliteClusterTable Table()
    {
        var table = new SqliteClusterTable(_dir.Options(pooling: false), _time);
        _tables.Add(table);
        return table;
    }
}
