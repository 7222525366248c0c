// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Cluster.Sqlite;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Granary.Cluster.Tests.Sqlite;

public sealed class SqliteClusterTableTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(fakeTimers: false);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Creates_schema_in_wal_mode_and_keeps_data_and_cluster_id_across_reopen()
    {
        string clusterId;
        using (var table = await SqliteClusterTable.OpenAsync(_dir.Options(), _time))
        {
            clusterId = await table.GetClusterIdAsync();
            Assert.Equal(22, clusterId.Length);
            Assert.All(clusterId, ch => Assert.True(char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_', $"'{ch}' is not base64url"));
            Assert.NotEqual('-', clusterId[0]);
            Assert.Equal(Path.Combine(_dir.Path, "cluster.db"), table.FilePath);
            var created = await table.CreateTopicAsync(Topic("orders", 2, 1));
            Assert.True(created.Succeeded);
        }

        SqliteConnection.ClearAllPools();
        using (var reopened = await SqliteClusterTable.OpenAsync(_dir.Options(), _time))
        {
            Assert.Equal(clusterId, await reopened.GetClusterIdAsync());
            var topic = await reopened.GetTopicAsync("orders");
            Assert.NotNull(topic);
            Assert.Equal(2, topic.PartitionCount);
            Assert.Equal(2, (await reopened.GetPartitionsAsync("orders")).Count);
        }

        using var connection = new SqliteConnection($"Data Source={Path.Combine(_dir.Path, "cluster.db")}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar());
        command.CommandText = "SELECT MAX(version) FROM schema_version";
        Assert.Equal(1L, command.ExecuteScalar());
    }

    [Fact]
    public async Task Separate_tables_get_different_cluster_ids()
    {
        using var other = new TempDirectory();
        using var first = await SqliteClusterTable.OpenAsync(_dir.Options(), _time);
        using var second = await SqliteClusterTable.OpenAsync(other.Options(), _time);
        Assert.NotEqual(await first.GetClusterIdAsync(), await second.GetClusterIdAsync());
    }

    [Fact]
    public async Task Silo_writes_are_compare_and_set_on_table_and_row_versions()
    {
        using var table = await SqliteClusterTable.OpenAsync(_dir.Options(), _time);
        var snapshot = await table.ReadMembershipAsync();
        Assert.Equal(0, snapshot.TableVersion);
        Assert.Empty(snapshot.Silos);
        Assert.Equal(-1, snapshot.Lease.HolderSiloId);

        var row = Silo(1, generation: 1);
        var inserted = await table.WriteSiloAsync(row, snapshot.TableVersion);
        Assert.Equal(new ClusterWriteResult(ClusterWriteStatus.Success, 1), inserted);

        // Same expected table version again: someone (we) wrote in between.
        var stale = await table.WriteSiloAsync(Silo(2, generation: 1), snapshot.TableVersion);
        Assert.Equal(ClusterWriteStatus.VersionConflict, stale.Status);
        Assert.Equal(1, stale.Version);

        // Inserting a row that exists is a conflict, updating a missing row is NotFound.
        Assert.Equal(ClusterWriteStatus.VersionConflict, (await table.WriteSiloAsync(row, 1)).Status);
        Assert.Equal(ClusterWriteStatus.NotFound, (await table.WriteSiloAsync(Silo(9, 1) with { Version = 3 }, 1)).Status);

        // Stale row version with the right table version is still a conflict.
        Assert.True((await table.WriteSiloAsync(row with { Version = 1, Status = SiloStatus.ShuttingDown }, 1)).Succeeded);
        Assert.Equal(ClusterWriteStatus.VersionConflict, (await table.WriteSiloAsync(row with { Version = 1 }, 2)).Status);

        snapshot = await table.ReadMembershipAsync();
        Assert.Equal(2, snapshot.TableVersion);
        var stored = Assert.Single(snapshot.Silos);
        Assert.Equal(SiloStatus.ShuttingDown, stored.Status);
        Assert.Equal(2, stored.Version);
        Assert.Equal("rack-a", stored.Rack);
        Assert.Equal(_time.GetUtcNow(), stored.StartTime);
    }

    [Fact]
    public async Task Concurrent_writers_with_the_same_expected_version_one_wins_the_other_gets_a_conflict()
    {
        using var first = await SqliteClusterTable.OpenAsync(_dir.Options(pooling: false), _time);
        using var second = await SqliteClusterTable.OpenAsync(_dir.Options(pooling: false), _time);
        for (var round = 0; round < 10; round++)
        {
            var version = (await first.ReadMembershipAsync()).TableVersion;
            using var start = new Barrier(2);
            var a = Task.Run(() =>
            {
                start.SignalAndWait();
                return first.WriteSiloAsync(Silo(100 + (round * 2), 1), version);
            });
            var b = Task.Run(() =>
            {
                start.SignalAndWait();
                return second.WriteSiloAsync(Silo(101 + (round * 2), 1), version);
            });
            var results = await Task.WhenAll(a, b);
            Assert.Single(results, r => r.Succeeded);
            Assert.Single(results, r => r.Status == ClusterWriteStatus.VersionConflict);
        }

        Assert.Equal(10, (await first.ReadMembershipAsync()).Silos.Count);
    }

    [Fact]
    public async Task Heartbeat_updates_time_without_bumping_versions_and_rejects_fenced_generations()
    {
        using var table = await SqliteClusterTable.OpenAsync(_dir.Options(), _time);
        Assert.True((await table.WriteSiloAsync(Silo(1, generation: 4), 0)).Succeeded);
        var later = _time.GetUtcNow().AddSeconds(2);

        Assert.True((await table.HeartbeatAsync(1, 4, later)).Succeeded);
        var snapshot = await table.ReadMembershipAsync();
        Assert.Equal(later, snapshot.Find(1)!.HeartbeatTime);
        Assert.Equal(1, snapshot.TableVersion);
        Assert.Equal(1, snapshot.Find(1)!.Version);

        Assert.Equal(ClusterWriteStatus.Rejected, (await table.HeartbeatAsync(1, 3, later)).Status);
        Assert.Equal(ClusterWriteStatus.NotFound, (await table.HeartbeatAsync(7, 1, later)).Status);

        Assert.True((await table.WriteSiloAsync(snapshot.Find(1)! with { Status = SiloStatus.Dead }, 1)).Succeeded);
        Assert.Equal(ClusterWriteStatus.Rejected, (await table.HeartbeatAsync(1, 4, later)).Status);
    }

    [Fact]
    public async Task Topics_create_duplicate_alter_add_partitions_list_and_delete()
    {
        using var table = await SqliteClusterTable.OpenAsync(_dir.Options(), _time);
        var metadataVersion = await table.GetMetadataVersionAsync();
        var orders = Topic("orders", 3, 2, new Dictionary<string, string> { ["retention.ms"] = "1000", ["cleanup.policy"] = "delete" });
        Assert.Equal(new ClusterWriteResult(ClusterWriteStatus.Success, 1), await table.CreateTopicAsync(orders));
        Assert.True(await table.GetMetadataVersionAsync() > metadataVersion);

        Assert.Equal(ClusterWriteStatus.AlreadyExists, (await table.CreateTopicAsync(Topic("orders", 1, 1))).Status);
        Assert.Equal(ClusterWriteStatus.AlreadyExists, (await table.CreateTopicAsync(orders with { Name = "other" })).Status);
        Assert.True((await table.CreateTopicAsync(Topic("audit", 1, 1) with { IsInternal = true })).Succeeded);

        var stored = await table.GetTopicAsync("orders");
        Assert.NotNull(stored);
        Assert.Equal(orders.TopicId, stored.TopicId);
        Assert.Equal(3, stored.PartitionCount);
        Assert.Equal(2, stored.ReplicationFactor);
        Assert.False(stored.IsInternal);
        Assert.Equal(_time.GetUtcNow(), stored.CreatedTime);
        Assert.Equal("1000", stored.Configs["retention.ms"]);

        var partitions = await table.GetPartitionsAsync("orders");
        Assert.Equal([0, 1, 2], partitions.Select(p => p.Partition));
        Assert.All(partitions, p =>
        {
            Assert.Equal(p.Replicas, p.Isr);
            Assert.Equal(p.Replicas[0], p.Leader);
            Assert.Equal(0, p.LeaderEpoch);
            Assert.Equal(0, p.PartitionEpoch);
        });
        Assert.Equal([1, 2], partitions[0].Replicas);
        Assert.Equal([2, 1], partitions[1].Replicas);

        // Alter configs: set one, delete one; a stale version conflicts.
        var altered = await table.AlterTopicConfigsAsync("orders", new Dictionary<string, string?> { ["retention.ms"] = "5000", ["cleanup.policy"] = null }, 1);
        Assert.Equal(new ClusterWriteResult(ClusterWriteStatus.Success, 2), altered);
        Assert.Equal(ClusterWriteStatus.VersionConflict, (await table.AlterTopicConfigsAsync("orders", new Dictionary<string, string?> { ["a"] = "b" }, 1)).Status);
        Assert.Equal(ClusterWriteStatus.NotFound, (await table.AlterTopicConfigsAsync("nope", new Dictionary<string, string?>(), 1)).Status);
        stored = await table.GetTopicAsync("orders");
        Assert.Equal(new Dictionary<string, string> { ["retention.ms"] = "5000" }, stored!.Configs);

        // Add partitions: numbering continues, replication factor is enforced.
        Assert.Throws<ArgumentException>(() => table.AddPartitionsAsync("orders", [[1]], 2).GetAwaiter().GetResult());
        Assert.True((await table.AddPartitionsAsync("orders", [[2, 1], [1, 2]], 2)).Succeeded);
        Assert.Equal(5, (await table.GetTopicAsync("orders"))!.PartitionCount);
        Assert.Equal([0, 1, 2, 3, 4], (await table.GetPartitionsAsync("orders")).Select(p => p.Partition));

        Assert.Equal(["audit", "orders"], (await table.ListTopicsAsync()).Select(t => t.Name));
        Assert.Equal(6, (await table.ListPartitionsAsync()).Count);

        // Delete removes partitions and configs; the name can be reused.
        Assert.Equal(ClusterWriteStatus.VersionConflict, (await table.DeleteTopicAsync("orders", 1)).Status);
        Assert.True((await table.DeleteTopicAsync("orders", 3)).Succeeded);
        Assert.Null(await table.GetTopicAsync("orders"));
        Assert.Empty(await table.GetPartitionsAsync("orders"));
        Assert.Equal(ClusterWriteStatus.NotFound, (await table.DeleteTopicAsync("orders", 3)).Status);
        Assert.True((await table.CreateTopicAsync(Topic("orders", 1, 1))).Succeeded);
        Assert.Empty((await table.GetTopicAsync("orders"))!.Configs);
    }

    [Fact]
    public async Task Invalid_assignments_are_rejected_before_touching_the_table()
    {
        using var table = await SqliteClusterTable.OpenAsync(_dir.Options(), _time);
        await Assert.ThrowsAsync<ArgumentException>(() => table.CreateTopicAsync(Topic("t", 1, 2) with { ReplicaAssignments = [[1, 1]] }));
        await Assert.ThrowsAsync<ArgumentException>(() => table.CreateTopicAsync(Topic("t", 1, 1) with { ReplicaAssignments = [] }));
        Assert.Empty(await table.ListTopicsAsync());
    }

    [Fact]
    public async Task Partition_state_updates_are_compare_and_set_on_the_partition_epoch()
    {
        using var table = await SqliteClusterTable.OpenAsync(_dir.Options(), _time);
        Assert.True((await table.CreateTopicAsync(Topic("orders", 1, 3))).Succeeded);
        var state = Assert.Single(await table.GetPartitionsAsync("orders"));
        Assert.Equal([1, 2, 3], state.Isr);

        // The leader shrinks the ISR.
        var shrunk = state with { Isr = [1, 2] };
        Assert.Equal(new ClusterWriteResult(ClusterWriteStatus.Success, 1), await table.UpdatePartitionAsync(shrunk, state.PartitionEpoch));

        // A second writer still holding epoch 0 loses.
        var conflict = await table.UpdatePartitionAsync(state with { Isr = [1, 3] }, state.PartitionEpoch);
        Assert.Equal(new ClusterWriteResult(ClusterWriteStatus.VersionConflict, 1), conflict);

        // Leader change: the controller bumps the leader epoch.
        var newLeader = shrunk with { Isr = [2], Leader = 2, LeaderEpoch = 1 };
        Assert.True((await table.UpdatePartitionAsync(newLeader, 1)).Succeeded);
        var stored = Assert.Single(await table.GetPartitionsAsync("orders"));
        Assert.Equal([1, 2, 3], stored.Replicas);
        Assert.Equal([2], stored.Isr);
        Assert.Equal(2, stored.Leader);
        Assert.Equal(1, stored.LeaderEpoch);
        Assert.Equal(2, stored.PartitionEpoch);

        Assert.Equal(ClusterWriteStatus.NotFound, (await table.UpdatePartitionAsync(stored with { Partition = 9 }, 2)).Status);
        await Assert.ThrowsAsync<ArgumentException>(() => table.UpdatePartitionAsync(stored with { Leader = 3 }, 2));
        await Assert.ThrowsAsync<ArgumentException>(() => table.UpdatePartitionAsync(stored with { Isr = [2, 7] }, 2));
    }

    [Fact]
    public async Task Concurrent_producer_id_allocation_from_separate_connections_never_overlaps()
    {
        var tables = new List<SqliteClusterTable>();
        for (var i = 0; i < 4; i++)
        {
            tables.Add(await SqliteClusterTable.OpenAsync(_dir.Options(pooling: false), _time));
        }

        var tasks = new List<Task<List<ProducerIdBlock>>>();
        for (var worker = 0; worker < 8; worker++)
        {
            var table = tables[worker % tables.Count];
            var siloId = worker;
            tasks.Add(Task.Run(async () =>
            {
                var blocks = new List<ProducerIdBlock>();
                for (var n = 0; n < 20; n++)
                {
                    blocks.Add(await table.AllocateProducerIdBlockAsync(siloId, 10 + siloId));
                }

                return blocks;
            }));
        }

        var all = (await Task.WhenAll(tasks)).SelectMany(b => b).OrderBy(b => b.FirstProducerId).ToList();
        Assert.Equal(160, all.Count);
        Assert.Equal(0, all[0].FirstProducerId);
        for (var i = 1; i < all.Count; i++)
        {
            Assert.Equal(all[i - 1].LastProducerId + 1, all[i].FirstProducerId);
        }

        var next = await tables[0].AllocateProducerIdBlockAsync(1);
        Assert.Equal(all[^1].LastProducerId + 1, next.FirstProducerId);
        Assert.Equal(ProducerIdBlock.DefaultSize, next.Size);
        tables.ForEach(t => t.Dispose());
    }

    [Fact]
    public async Task Metadata_entries_are_compare_and_set()
    {
        using var table = await SqliteClusterTable.OpenAsync(_dir.Options(), _time);
        Assert.Null(await table.GetMetadataAsync("k"));
        Assert.Equal(ClusterWriteStatus.NotFound, (await table.SetMetadataAsync("k", "v", 1)).Status);
        Assert.Equal(new ClusterWriteResult(ClusterWriteStatus.Success, 1), await table.SetMetadataAsync("k", "v1", 0));
        Assert.Equal(ClusterWriteStatus.VersionConflict, (await table.SetMetadataAsync("k", "v2", 0)).Status);
        Assert.True((await table.SetMetadataAsync("k", "v2", 1)).Succeeded);
        Assert.Equal(new MetadataEntry("k", "v2", 2), await table.GetMetadataAsync("k"));
    }

    [Fact]
    public async Task A_restarted_silo_takes_over_the_lease_of_its_previous_generation_at_once()
    {
        using var table = await SqliteClusterTable.OpenAsync(_dir.Options(), _time);
        Assert.True((await table.WriteSiloAsync(Silo(1, 1), 0)).Succeeded);
        var duration = TimeSpan.FromSeconds(9);
        Assert.True((await table.TryAcquireControllerLeaseAsync(1, 1, duration)).Acquired);

        // The process dies without releasing the lease and comes back as generation 2 before the lease expires.
        var membership = await table.ReadMembershipAsync();
        var previous = membership.Find(1)!;
        Assert.True((await table.WriteSiloAsync(previous with { Generation = 2 }, membership.TableVersion)).Succeeded);
        _time.Advance(TimeSpan.FromSeconds(1));

        var taken = await table.TryAcquireControllerLeaseAsync(1, 2, duration);
        Assert.True(taken.Acquired);
        Assert.Equal(2, taken.Lease.HolderGeneration);
        Assert.Equal(2, taken.Lease.Epoch);

        // The superseded incarnation cannot win it back.
        Assert.False((await table.TryAcquireControllerLeaseAsync(1, 1, duration)).Acquired);
    }

    [Fact]
    public async Task Controller_lease_is_exclusive_until_it_expires_and_the_epoch_counts_holders()
    {
        using var table = await SqliteClusterTable.OpenAsync(_dir.Options(), _time);
        Assert.True((await table.WriteSiloAsync(Silo(1, 1), 0)).Succeeded);
        Assert.True((await table.WriteSiloAsync(Silo(2, 1), 1)).Succeeded);
        var duration = TimeSpan.FromSeconds(9);

        var first = await table.TryAcquireControllerLeaseAsync(1, 1, duration);
        Assert.True(first.Acquired);
        Assert.Equal(1, first.Lease.Epoch);
        Assert.Equal(_time.GetUtcNow() + duration, first.Lease.Expiry);

        var rival = await table.TryAcquireControllerLeaseAsync(2, 1, duration);
        Assert.False(rival.Acquired);
        Assert.Equal(1, rival.Lease.HolderSiloId);

        _time.Advance(TimeSpan.FromSeconds(5));
        var renewed = await table.TryAcquireControllerLeaseAsync(1, 1, duration);
        Assert.True(renewed.Acquired);
        Assert.Equal(1, renewed.Lease.Epoch);

        _time.Advance(TimeSpan.FromSeconds(9));
        var taken = await table.TryAcquireControllerLeaseAsync(2, 1, duration);
        Assert.True(taken.Acquired);
        Assert.Equal(2, taken.Lease.Epoch);
        Assert.False((await table.TryAcquireControllerLeaseAsync(1, 1, duration)).Acquired);

        Assert.False(await table.ReleaseControllerLeaseAsync(1, 1));
        Assert.True(await table.ReleaseControllerLeaseAsync(2, 1));
        var afterRelease = await table.TryAcquireControllerLeaseAsync(1, 1, duration);
        Assert.True(afterRelease.Acquired);
        Assert.Equal(3, afterRelease.Lease.Epoch);

        // Unknown or dead incarnations never get the lease.
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.False((await table.TryAcquireControllerLeaseAsync(3, 1, duration)).Acquired);
        Assert.False((await table.TryAcquireControllerLeaseAsync(2, 2, duration)).Acquired);
    }

    [Fact]
    public async Task A_corrupt_file_gives_an_error_naming_the_file()
    {
        var path = Path.Combine(_dir.Path, "cluster.db");
        await File.WriteAllBytesAsync(path, Enumerable.Range(0, 8192).Select(i => (byte)(i * 7)).ToArray());
        using var table = new SqliteClusterTable(_dir.Options(), _time);
        var error = await Assert.ThrowsAsync<ClusterTableException>(() => table.GetClusterIdAsync());
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("corrupt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_from_a_newer_schema_is_refused_with_an_error_naming_the_file()
    {
        string path;
        using (var table = await SqliteClusterTable.OpenAsync(_dir.Options(), _time))
        {
            path = table.FilePath;
        }

        SqliteConnection.ClearAllPools();
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO schema_version (version) VALUES (99)";
            command.ExecuteNonQuery();
        }

        using var reopened = new SqliteClusterTable(_dir.Options(), _time);
        var error = await Assert.ThrowsAsync<ClusterTableException>(() => reopened.ListTopicsAsync());
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("99", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_locked_by_another_writer_gives_an_error_naming_the_file()
    {
        using var table = await SqliteClusterTable.OpenAsync(_dir.Options(pooling: false, busyTimeout: TimeSpan.FromMilliseconds(200)), _time);
        using var blocker = new SqliteConnection($"Data Source={table.FilePath};Pooling=False");
        blocker.Open();
        using (var begin = blocker.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE";
            begin.ExecuteNonQuery();
        }

        var error = await Assert.ThrowsAsync<ClusterTableException>(() => table.AllocateProducerIdBlockAsync(1));
        Assert.Contains(table.FilePath, error.Message, StringComparison.Ordinal);
        Assert.Contains("locked", error.Message, StringComparison.Ordinal);

        using (var rollback = blocker.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK";
            rollback.ExecuteNonQuery();
        }

        Assert.Equal(0, (await table.AllocateProducerIdBlockAsync(1)).FirstProducerId);
    }

    [Fact]
    public void Options_validation_names_the_key()
    {
        var options = new SqliteClusterTableOptions { DataDirectory = "", BusyTimeout = TimeSpan.FromSeconds(-1) };
        var errors = options.Validate();
        Assert.Contains(errors, e => e.Contains(nameof(SqliteClusterTableOptions.DataDirectory), StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains(nameof(SqliteClusterTableOptions.BusyTimeout), StringComparison.Ordinal) && e.Contains("600", StringComparison.Ordinal));
        Assert.ThrowsAny<Exception>(() => new SqliteClusterTable(options));
    }

    private SiloRecord Silo(int id, long generation) =>
        new(id, "localhost", 9092 + id, generation, SiloStatus.Active, _time.GetUtcNow(), _time.GetUtcNow(), "rack-a", 0);

    private static NewTopic Topic(string name, int partitions, short replicationFactor, Dictionary<string, string>? configs = null)
    {
        var assignments = new List<IReadOnlyList<int>>();
        for (var p = 0; p < partitions; p++)
        {
            assignments.Add(Enumerable.Range(0, replicationFactor).Select(r => ((p + r) % replicationFactor) + 1).ToArray());
        }

        return new NewTopic(name, Guid.NewGuid(), replicationFactor, configs ?? [], false, assignments);
    }
}
