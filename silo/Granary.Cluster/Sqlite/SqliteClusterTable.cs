// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Granary.Cluster.Sqlite;

/// <summary>
/// The cluster table in a SQLite file (WAL mode). Several processes may open the same file: every write runs in a
/// BEGIN IMMEDIATE transaction (one writer at a time, waiting up to the busy timeout) and checks the versions it was
/// given before changing anything, so the compare-and-set semantics hold across processes.
/// </summary>
public sealed partial class SqliteClusterTable : IClusterTable, IDisposable
{
    private readonly SqliteClusterTableOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _connectionString;
    private readonly object _initLock = new();
    private Task? _initialization;

    public SqliteClusterTable(IOptions<SqliteClusterTableOptions> options, TimeProvider timeProvider, ILogger<SqliteClusterTable> logger)
        : this(options.Value, timeProvider, logger)
    {
    }

    public SqliteClusterTable(SqliteClusterTableOptions options, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(nameof(SqliteClusterTableOptions), typeof(SqliteClusterTableOptions), errors);
        }

        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        FilePath = options.FilePath;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = options.Pooling,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds)),
        }.ToString();
    }

    /// <summary>The database file.</summary>
    public string FilePath { get; }

    /// <summary>Creates the table object and opens (creating or migrating) the file, so errors surface here.</summary>
    public static async Task<SqliteClusterTable> OpenAsync(SqliteClusterTableOptions options, TimeProvider? timeProvider = null, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        var table = new SqliteClusterTable(options, timeProvider, logger);
        await table.EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        return table;
    }

    /// <summary>Creates the file and schema if missing and applies pending migrations. Idempotent; runs once per instance.</summary>
    public Task EnsureInitializedAsync(CancellationToken cancellationToken = default)
    {
        lock (_initLock)
        {
            if (_initialization is null || _initialization.IsFaulted || _initialization.IsCanceled)
            {
                _initialization = Task.Run(Initialize, cancellationToken);
            }

            return _initialization;
        }
    }

    public void Dispose()
    {
        if (_options.Pooling)
        {
            using var connection = new SqliteConnection(_connectionString);
            SqliteConnection.ClearPool(connection);
        }
    }

    public Task<string> GetClusterIdAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(static (c, tx, _) => ScalarString(c, tx, "SELECT cluster_id FROM cluster WHERE id = 1"), 0, cancellationToken);

    public Task<MembershipSnapshot> ReadMembershipAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(static (c, tx, _) => ReadMembership(c, tx), 0, cancellationToken);

    public Task<ClusterWriteResult> WriteSiloAsync(SiloRecord silo, long expectedTableVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentOutOfRangeException.ThrowIfNegative(silo.SiloId);
        ArgumentOutOfRangeException.ThrowIfNegative(silo.Version);
        ArgumentException.ThrowIfNullOrWhiteSpace(silo.Host);
        return WriteAsync(
            static (c, tx, args) =>
            {
                var (silo, expectedTableVersion) = args;
                var tableVersion = ScalarLong(c, tx, "SELECT membership_version FROM cluster WHERE id = 1");
                if (tableVersion != expectedTableVersion)
                {
                    return ClusterWriteResult.Conflict(tableVersion);
                }

                var rowVersion = ScalarLongOrNull(c, tx, "SELECT version FROM silos WHERE silo_id = $id", ("$id", silo.SiloId));
                if (silo.Version == 0 && rowVersion is { } existing)
                {
                    return ClusterWriteResult.Conflict(existing);
                }

                if (silo.Version != 0 && rowVersion is null)
                {
                    return ClusterWriteResult.Missing();
                }

                if (rowVersion is { } current && current != silo.Version)
                {
                    return ClusterWriteResult.Conflict(current);
                }

                var newVersion = silo.Version + 1;
                Exec(
                    c,
                    tx,
                    """
                    INSERT INTO silos (silo_id, host, port, generation, status, start_time, heartbeat_time, rack, version)
                    VALUES ($id, $host, $port, $generation, $status, $start, $heartbeat, $rack, $version)
                    ON CONFLICT (silo_id) DO UPDATE SET host = excluded.host, port = excluded.port,
                        generation = excluded.generation, status = excluded.status, start_time = excluded.start_time,
                        heartbeat_time = excluded.heartbeat_time, rack = excluded.rack, version = excluded.version
                    """,
                    ("$id", silo.SiloId),
                    ("$host", silo.Host),
                    ("$port", silo.Port),
                    ("$generation", silo.Generation),
                    ("$status", (int)silo.Status),
                    ("$start", silo.StartTime.ToUnixTimeMilliseconds()),
                    ("$heartbeat", silo.HeartbeatTime.ToUnixTimeMilliseconds()),
                    ("$rack", silo.Rack),
                    ("$version", newVersion));
                Exec(c, tx, "UPDATE cluster SET membership_version = membership_version + 1 WHERE id = 1");
                return ClusterWriteResult.Ok(newVersion);
            },
            (silo, expectedTableVersion),
            cancellationToken);
    }

    public Task<ClusterWriteResult> HeartbeatAsync(int siloId, long generation, DateTimeOffset heartbeatTime, CancellationToken cancellationToken = default) =>
        WriteAsync(
            static (c, tx, args) =>
            {
                var (siloId, generation, time) = args;
                var row = ScalarLongOrNull(c, tx, "SELECT version FROM silos WHERE silo_id = $id", ("$id", siloId));
                if (row is null)
                {
                    return ClusterWriteResult.Missing();
                }

                var updated = Exec(
                    c,
                    tx,
                    "UPDATE silos SET heartbeat_time = $t WHERE silo_id = $id AND generation = $g AND status <> $dead",
                    ("$t", time.ToUnixTimeMilliseconds()),
                    ("$id", siloId),
                    ("$g", generation),
                    ("$dead", (int)SiloStatus.Dead));
                return updated == 1 ? ClusterWriteResult.Ok(row.Value) : ClusterWriteResult.Reject();
            },
            (siloId, generation, heartbeatTime),
            cancellationToken);

    public Task<ControllerLeaseResult> TryAcquireControllerLeaseAsync(int siloId, long generation, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        return WriteAsync(
            static (c, tx, args) =>
            {
                var (self, siloId, generation, duration) = args;
                var lease = ReadLease(c, tx);
                var now = self._time.GetUtcNow();

                // Only a live incarnation may hold the lease: a fenced or dead silo must not act as controller.
                var alive = ScalarLongOrNull(
                    c,
                    tx,
                    "SELECT 1 FROM silos WHERE silo_id = $id AND generation = $g AND status <> $dead",
                    ("$id", siloId),
                    ("$g", generation),
                    ("$dead", (int)SiloStatus.Dead)) is not null;
                var sameHolder = lease.HolderSiloId == siloId && lease.HolderGeneration == generation;

                // A restarted silo registers a newer generation, which fences the incarnation that held the lease
                // (its heartbeats and writes are refused), so waiting out that lease would only delay recovery.
                var supersedesHolder = lease.HolderSiloId == siloId && lease.HolderGeneration < generation;
                if (!alive || (!sameHolder && !supersedesHolder && lease.IsHeldAt(now)))
                {
                    return new ControllerLeaseResult(false, lease);
                }

                var renewed = new ControllerLease(siloId, generation, now + duration, sameHolder ? lease.Epoch : lease.Epoch + 1);
                Exec(
                    c,
                    tx,
                    "UPDATE controller_lease SET holder_silo_id = $id, holder_generation = $g, expiry = $e, epoch = $epoch WHERE id = 1",
                    ("$id", renewed.HolderSiloId),
                    ("$g", renewed.HolderGeneration),
                    ("$e", renewed.Expiry.ToUnixTimeMilliseconds()),
                    ("$epoch", renewed.Epoch));
                return new ControllerLeaseResult(true, renewed);
            },
            (this, siloId, generation, duration),
            cancellationToken);
    }

    public Task<bool> ReleaseControllerLeaseAsync(int siloId, long generation, CancellationToken cancellationToken = default) =>
        WriteAsync(
            static (c, tx, args) =>
            {
                var (self, siloId, generation) = args;
                var now = self._time.GetUtcNow();
                var lease = ReadLease(c, tx);
                if (!lease.IsHeldBy(siloId, generation, now))
                {
                    return false;
                }

                // The holder is kept so the epoch history stays readable; an expiry in the past frees the lease.
                Exec(c, tx, "UPDATE controller_lease SET expiry = $e WHERE id = 1", ("$e", now.ToUnixTimeMilliseconds()));
                return true;
            },
            (this, siloId, generation),
            cancellationToken);

    public Task<ClusterWriteResult> CreateTopicAsync(NewTopic topic, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentException.ThrowIfNullOrWhiteSpace(topic.Name);
        if (topic.ReplicaAssignments.Count == 0)
        {
            throw new ArgumentException("A topic needs at least one partition.", nameof(topic));
        }

        foreach (var replicas in topic.ReplicaAssignments)
        {
            ValidateAssignment(replicas, topic.ReplicationFactor, nameof(topic));
        }

        return WriteAsync(
            static (c, tx, args) =>
            {
                var (self, topic) = args;
                var existing = ScalarLongOrNull(c, tx, "SELECT version FROM topics WHERE name = $n", ("$n", topic.Name))
                    ?? ScalarLongOrNull(c, tx, "SELECT version FROM topics WHERE topic_id = $tid", ("$tid", topic.TopicId.ToString("D")));
                if (existing is { } version)
                {
                    return ClusterWriteResult.Exists(version);
                }

                Exec(
                    c,
                    tx,
                    """
                    INSERT INTO topics (name, topic_id, partition_count, replication_factor, is_internal, created_time, version)
                    VALUES ($n, $tid, $count, $rf, $internal, $created, 1)
                    """,
                    ("$n", topic.Name),
                    ("$tid", topic.TopicId.ToString("D")),
                    ("$count", topic.ReplicaAssignments.Count),
                    ("$rf", (int)topic.ReplicationFactor),
                    ("$internal", topic.IsInternal ? 1 : 0),
                    ("$created", self._time.GetUtcNow().ToUnixTimeMilliseconds()));
                foreach (var (key, value) in topic.Configs)
                {
                    Exec(c, tx, "INSERT INTO topic_configs (topic, key, value) VALUES ($n, $k, $v)", ("$n", topic.Name), ("$k", key), ("$v", value));
                }

                InsertPartitions(c, tx, topic.Name, 0, topic.ReplicaAssignments);
                BumpMetadataVersion(c, tx);
                return ClusterWriteResult.Ok(1);
            },
            (this, topic),
            cancellationToken);
    }

    public Task<ClusterWriteResult> DeleteTopicAsync(string name, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return WriteAsync(
            static (c, tx, args) =>
            {
                var (name, expectedVersion) = args;
                var version = ScalarLongOrNull(c, tx, "SELECT version FROM topics WHERE name = $n", ("$n", name));
                if (version is null)
                {
                    return ClusterWriteResult.Missing();
                }

                if (version != expectedVersion)
                {
                    return ClusterWriteResult.Conflict(version.Value);
                }

                Exec(c, tx, "DELETE FROM partitions WHERE topic = $n", ("$n", name));
                Exec(c, tx, "DELETE FROM topic_configs WHERE topic = $n", ("$n", name));
                Exec(c, tx, "DELETE FROM topics WHERE name = $n", ("$n", name));
                BumpMetadataVersion(c, tx);
                return ClusterWriteResult.Ok(version.Value);
            },
            (name, expectedVersion),
            cancellationToken);
    }

    public Task<ClusterWriteResult> AlterTopicConfigsAsync(string name, IReadOnlyDictionary<string, string?> changes, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(changes);
        return WriteAsync(
            static (c, tx, args) =>
            {
                var (name, changes, expectedVersion) = args;
                var check = CheckTopicVersion(c, tx, name, expectedVersion);
                if (!check.Succeeded)
                {
                    return check;
                }

                foreach (var (key, value) in changes)
                {
                    if (value is null)
                    {
                        Exec(c, tx, "DELETE FROM topic_configs WHERE topic = $n AND key = $k", ("$n", name), ("$k", key));
                    }
                    else
                    {
                        Exec(
                            c,
                            tx,
                            "INSERT INTO topic_configs (topic, key, value) VALUES ($n, $k, $v) ON CONFLICT (topic, key) DO UPDATE SET value = excluded.value",
                            ("$n", name),
                            ("$k", key),
                            ("$v", value));
                    }
                }

                return BumpTopicVersion(c, tx, name, expectedVersion);
            },
            (name, changes, expectedVersion),
            cancellationToken);
    }

    public Task<ClusterWriteResult> AddPartitionsAsync(string name, IReadOnlyList<IReadOnlyList<int>> newAssignments, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(newAssignments);
        if (newAssignments.Count == 0)
        {
            throw new ArgumentException("At least one partition must be added.", nameof(newAssignments));
        }

        return WriteAsync(
            static (c, tx, args) =>
            {
                var (name, newAssignments, expectedVersion) = args;
                var check = CheckTopicVersion(c, tx, name, expectedVersion);
                if (!check.Succeeded)
                {
                    return check;
                }

                var count = (int)ScalarLong(c, tx, "SELECT partition_count FROM topics WHERE name = $n", ("$n", name));
                var replicationFactor = (short)ScalarLong(c, tx, "SELECT replication_factor FROM topics WHERE name = $n", ("$n", name));
                foreach (var replicas in newAssignments)
                {
                    ValidateAssignment(replicas, replicationFactor, nameof(newAssignments));
                }

                InsertPartitions(c, tx, name, count, newAssignments);
                Exec(c, tx, "UPDATE topics SET partition_count = $count WHERE name = $n", ("$count", count + newAssignments.Count), ("$n", name));
                return BumpTopicVersion(c, tx, name, expectedVersion);
            },
            (name, newAssignments, expectedVersion),
            cancellationToken);
    }

    public Task<TopicRecord?> GetTopicAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        return ReadAsync(static (c, tx, name) => ReadTopics(c, tx, name) is [var topic] ? topic : null, name, cancellationToken);
    }

    public Task<IReadOnlyList<TopicRecord>> ListTopicsAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(static (c, tx, _) => (IReadOnlyList<TopicRecord>)ReadTopics(c, tx, null), 0, cancellationToken);

    public Task<IReadOnlyList<PartitionState>> GetPartitionsAsync(string topic, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(topic);
        return ReadAsync(static (c, tx, topic) => (IReadOnlyList<PartitionState>)ReadPartitions(c, tx, topic), topic, cancellationToken);
    }

    public Task<IReadOnlyList<PartitionState>> ListPartitionsAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(static (c, tx, _) => (IReadOnlyList<PartitionState>)ReadPartitions(c, tx, null), 0, cancellationToken);

    public Task<ClusterWriteResult> UpdatePartitionAsync(PartitionState state, int expectedPartitionEpoch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Leader != PartitionState.NoLeader && !state.Isr.Contains(state.Leader))
        {
            throw new ArgumentException($"Leader {state.Leader} of {state.Topic}-{state.Partition} is not in the ISR [{Join(state.Isr)}].", nameof(state));
        }

        foreach (var replica in state.Isr)
        {
            if (!state.Replicas.Contains(replica))
            {
                throw new ArgumentException($"ISR member {replica} of {state.Topic}-{state.Partition} is not a replica [{Join(state.Replicas)}].", nameof(state));
            }
        }

        return WriteAsync(
            static (c, tx, args) =>
            {
                var (state, expected) = args;
                var current = ScalarLongOrNull(
                    c,
                    tx,
                    "SELECT partition_epoch FROM partitions WHERE topic = $t AND partition = $p",
                    ("$t", state.Topic),
                    ("$p", state.Partition));
                if (current is null)
                {
                    return ClusterWriteResult.Missing();
                }

                if (current != expected)
                {
                    return ClusterWriteResult.Conflict(current.Value);
                }

                Exec(
                    c,
                    tx,
                    """
                    UPDATE partitions SET replicas = $r, isr = $isr, leader = $l, leader_epoch = $le, partition_epoch = $pe
                    WHERE topic = $t AND partition = $p
                    """,
                    ("$r", Join(state.Replicas)),
                    ("$isr", Join(state.Isr)),
                    ("$l", state.Leader),
                    ("$le", state.LeaderEpoch),
                    ("$pe", expected + 1),
                    ("$t", state.Topic),
                    ("$p", state.Partition));
                BumpMetadataVersion(c, tx);
                return ClusterWriteResult.Ok(expected + 1);
            },
            (state, expectedPartitionEpoch),
            cancellationToken);
    }

    public Task<ClusterMetadataSnapshot> ReadMetadataAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(
            static (c, tx, _) => new ClusterMetadataSnapshot(
                ScalarLong(c, tx, "SELECT metadata_version FROM cluster WHERE id = 1"),
                ReadTopics(c, tx, null),
                ReadPartitions(c, tx, null)),
            0,
            cancellationToken);

    public Task<long> GetMetadataVersionAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(static (c, tx, _) => ScalarLong(c, tx, "SELECT metadata_version FROM cluster WHERE id = 1"), 0, cancellationToken);

    public Task<ProducerIdBlock> AllocateProducerIdBlockAsync(int siloId, int blockSize = ProducerIdBlock.DefaultSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(siloId);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        return WriteAsync(
            static (c, tx, args) =>
            {
                var (siloId, blockSize) = args;
                var first = ScalarLong(c, tx, "SELECT next_producer_id FROM cluster WHERE id = 1");
                if (first > long.MaxValue - blockSize)
                {
                    throw new ClusterTableException("The producer id space is exhausted.");
                }

                Exec(c, tx, "UPDATE cluster SET next_producer_id = $next WHERE id = 1", ("$next", first + blockSize));
                return new ProducerIdBlock(siloId, first, blockSize);
            },
            (siloId, blockSize),
            cancellationToken);
    }

    public Task<MetadataEntry?> GetMetadataAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return ReadAsync(
            static (c, tx, key) =>
            {
                using var command = Command(c, tx, "SELECT value, version FROM metadata WHERE key = $k", ("$k", key));
                using var reader = command.ExecuteReader();
                return reader.Read() ? new MetadataEntry(key, reader.GetString(0), reader.GetInt64(1)) : null;
            },
            key,
            cancellationToken);
    }

    public Task<ClusterWriteResult> SetMetadataAsync(string key, string value, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        return WriteAsync(
            static (c, tx, args) =>
            {
                var (key, value, expected) = args;
                var current = ScalarLongOrNull(c, tx, "SELECT version FROM metadata WHERE key = $k", ("$k", key));
                if (current is null && expected != 0)
                {
                    return ClusterWriteResult.Missing();
                }

                if ((current ?? 0) != expected)
                {
                    return ClusterWriteResult.Conflict(current ?? 0);
                }

                Exec(
                    c,
                    tx,
                    "INSERT INTO metadata (key, value, version) VALUES ($k, $v, $ver) ON CONFLICT (key) DO UPDATE SET value = excluded.value, version = excluded.version",
                    ("$k", key),
                    ("$v", value),
                    ("$ver", expected + 1));
                return ClusterWriteResult.Ok(expected + 1);
            },
            (key, value, expectedVersion),
            cancellationToken);
    }

    private void Initialize()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        Execute(
            connection =>
            {
                // WAL lets readers proceed while one writer commits; the mode is stored in the file, so this is a no-op after the first open.
                ScalarString(connection, null, "PRAGMA journal_mode = WAL");
                using var tx = connection.BeginTransaction(deferred: false);
                Exec(connection, tx, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
                var version = (int)(ScalarLongOrNull(connection, tx, "SELECT MAX(version) FROM schema_version") ?? 0);
                if (version > SqliteClusterSchema.CurrentVersion)
                {
                    throw new ClusterTableException(
                        $"The cluster table '{FilePath}' has schema version {version}, newer than this build supports ({SqliteClusterSchema.CurrentVersion}). Upgrade Granary.");
                }

                for (var next = version + 1; next <= SqliteClusterSchema.CurrentVersion; next++)
                {
                    Exec(connection, tx, SqliteClusterSchema.Migrations[next - 1]);
                    if (next == 1)
                    {
                        SeedCluster(connection, tx);
                    }

                    Exec(connection, tx, "INSERT INTO schema_version (version) VALUES ($v)", ("$v", next));
                    LogMigrated(_logger, FilePath, next);
                }

                tx.Commit();
                return 0;
            });
        LogOpened(_logger, FilePath);
    }

    private void SeedCluster(SqliteConnection connection, SqliteTransaction tx)
    {
        var clusterId = ClusterId.NewClusterId();
        Exec(
            connection,
            tx,
            "INSERT INTO cluster (id, cluster_id, created_time, membership_version, metadata_version, next_producer_id) VALUES (1, $id, $t, 0, 0, 0)",
            ("$id", clusterId),
            ("$t", _time.GetUtcNow().ToUnixTimeMilliseconds()));
        Exec(connection, tx, "INSERT INTO controller_lease (id, holder_silo_id, holder_generation, expiry, epoch) VALUES (1, -1, 0, 0, 0)");
        LogCreated(_logger, FilePath, clusterId);
    }

    private async Task<T> ReadAsync<TArg, T>(Func<SqliteConnection, SqliteTransaction, TArg, T> read, TArg arg, CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        return await Task.Run(
            () => Execute(
                connection =>
                {
                    // A deferred transaction gives the statements of one read a single consistent snapshot.
                    using var tx = connection.BeginTransaction(deferred: true);
                    var result = read(connection, tx, arg);
                    tx.Commit();
                    return result;
                }),
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> WriteAsync<TArg, T>(Func<SqliteConnection, SqliteTransaction, TArg, T> write, TArg arg, CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        return await Task.Run(
            () => Execute(
                connection =>
                {
                    // IMMEDIATE takes the write lock up front: a deferred transaction that later upgrades can fail with
                    // SQLITE_BUSY_SNAPSHOT without waiting, and the check-then-write must see no interleaved writer.
                    using var tx = connection.BeginTransaction(deferred: false);
                    var result = write(connection, tx, arg);
                    tx.Commit();
                    return result;
                }),
            cancellationToken).ConfigureAwait(false);
    }

    private T Execute<T>(Func<SqliteConnection, T> work)
    {
        try
        {
            using var connection = new SqliteConnection(_connectionString);
            connection.Open();
            Exec(connection, null, $"PRAGMA busy_timeout = {(long)_options.BusyTimeout.TotalMilliseconds}");
            Exec(connection, null, "PRAGMA synchronous = FULL");
            return work(connection);
        }
        catch (SqliteException ex)
        {
            throw Translate(ex);
        }
    }

    private ClusterTableException Translate(SqliteException ex)
    {
        LogStoreError(_logger, FilePath, ex.SqliteErrorCode, ex);
        var message = (ex.SqliteErrorCode & 0xFF) switch
        {
            5 or 6 => $"The cluster table '{FilePath}' is locked by another process or connection; gave up after the busy timeout of {_options.BusyTimeout.TotalSeconds:0.###} s.",
            11 or 26 => $"The cluster table '{FilePath}' is corrupt or is not a SQLite database ({ex.Message}).",
            14 => $"The cluster table '{FilePath}' cannot be opened; check that the directory exists and is writable ({ex.Message}).",
            8 or 23 => $"The cluster table '{FilePath}' is read-only or access was denied ({ex.Message}).",
            13 => $"The disk holding the cluster table '{FilePath}' is full.",
            _ => $"The cluster table '{FilePath}' failed: {ex.Message}",
        };
        return new ClusterTableException(message, ex);
    }

    private static MembershipSnapshot ReadMembership(SqliteConnection c, SqliteTransaction tx)
    {
        var version = ScalarLong(c, tx, "SELECT membership_version FROM cluster WHERE id = 1");
        var silos = new List<SiloRecord>();
        using (var command = Command(c, tx, "SELECT silo_id, host, port, generation, status, start_time, heartbeat_time, rack, version FROM silos ORDER BY silo_id"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                silos.Add(new SiloRecord(
                    reader.GetInt32(0),
                    reader.GetString(1),
                    reader.GetInt32(2),
                    reader.GetInt64(3),
                    (SiloStatus)reader.GetInt32(4),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
                    reader.IsDBNull(7) ? null : reader.GetString(7),
                    reader.GetInt64(8)));
            }
        }

        return new MembershipSnapshot(version, silos, ReadLease(c, tx));
    }

    private static ControllerLease ReadLease(SqliteConnection c, SqliteTransaction tx)
    {
        using var readerCommand = Command(c, tx, "SELECT holder_silo_id, holder_generation, expiry, epoch FROM controller_lease WHERE id = 1");
        using var reader = readerCommand.ExecuteReader();
        reader.Read();
        return new ControllerLease(reader.GetInt32(0), reader.GetInt64(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)), reader.GetInt64(3));
    }

    private static List<TopicRecord> ReadTopics(SqliteConnection c, SqliteTransaction tx, string? name)
    {
        var configs = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        using (var command = Command(c, tx, "SELECT topic, key, value FROM topic_configs WHERE $n IS NULL OR topic = $n", ("$n", name)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var topic = reader.GetString(0);
                if (!configs.TryGetValue(topic, out var map))
                {
                    configs[topic] = map = new Dictionary<string, string>(StringComparer.Ordinal);
                }

                map[reader.GetString(1)] = reader.GetString(2);
            }
        }

        var topics = new List<TopicRecord>();
        using (var command = Command(
            c,
            tx,
            "SELECT name, topic_id, partition_count, replication_factor, is_internal, created_time, version FROM topics WHERE $n IS NULL OR name = $n ORDER BY name",
            ("$n", name)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var topicName = reader.GetString(0);
                topics.Add(new TopicRecord(
                    topicName,
                    Guid.Parse(reader.GetString(1)),
                    reader.GetInt32(2),
                    (short)reader.GetInt32(3),
                    configs.TryGetValue(topicName, out var map) ? map : new Dictionary<string, string>(StringComparer.Ordinal),
                    reader.GetInt32(4) != 0,
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                    reader.GetInt64(6)));
            }
        }

        return topics;
    }

    private static List<PartitionState> ReadPartitions(SqliteConnection c, SqliteTransaction tx, string? topic)
    {
        var partitions = new List<PartitionState>();
        using var readerCommand = Command(
            c,
            tx,
            "SELECT topic, partition, replicas, isr, leader, leader_epoch, partition_epoch FROM partitions WHERE $t IS NULL OR topic = $t ORDER BY topic, partition",
            ("$t", topic));
        using var reader = readerCommand.ExecuteReader();
        while (reader.Read())
        {
            partitions.Add(new PartitionState(
                reader.GetString(0),
                reader.GetInt32(1),
                Split(reader.GetString(2)),
                Split(reader.GetString(3)),
                reader.GetInt32(4),
                reader.GetInt32(5),
                reader.GetInt32(6)));
        }

        return partitions;
    }

    private static void InsertPartitions(SqliteConnection c, SqliteTransaction tx, string topic, int firstPartition, IReadOnlyList<IReadOnlyList<int>> assignments)
    {
        for (var i = 0; i < assignments.Count; i++)
        {
            var replicas = Join(assignments[i]);
            Exec(
                c,
                tx,
                "INSERT INTO partitions (topic, partition, replicas, isr, leader, leader_epoch, partition_epoch) VALUES ($t, $p, $r, $r, $l, 0, 0)",
                ("$t", topic),
                ("$p", firstPartition + i),
                ("$r", replicas),
                ("$l", assignments[i][0]));
        }
    }

    private static ClusterWriteResult CheckTopicVersion(SqliteConnection c, SqliteTransaction tx, string name, long expectedVersion)
    {
        var version = ScalarLongOrNull(c, tx, "SELECT version FROM topics WHERE name = $n", ("$n", name));
        return version is null ? ClusterWriteResult.Missing()
            : version != expectedVersion ? ClusterWriteResult.Conflict(version.Value)
            : ClusterWriteResult.Ok(version.Value);
    }

    private static ClusterWriteResult BumpTopicVersion(SqliteConnection c, SqliteTransaction tx, string name, long expectedVersion)
    {
        Exec(c, tx, "UPDATE topics SET version = $v WHERE name = $n", ("$v", expectedVersion + 1), ("$n", name));
        BumpMetadataVersion(c, tx);
        return ClusterWriteResult.Ok(expectedVersion + 1);
    }

    private static void BumpMetadataVersion(SqliteConnection c, SqliteTransaction tx) =>
        Exec(c, tx, "UPDATE cluster SET metadata_version = metadata_version + 1 WHERE id = 1");

    private static void ValidateAssignment(IReadOnlyList<int> replicas, short replicationFactor, string parameterName)
    {
        if (replicas.Count != replicationFactor || replicas.Distinct().Count() != replicas.Count || replicas.Any(r => r < 0))
        {
            throw new ArgumentException(
                $"Replica assignment [{Join(replicas)}] must list {replicationFactor} distinct non-negative silo ids.", parameterName);
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private static int Exec(SqliteConnection connection, SqliteTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, tx, sql, parameters);
        return command.ExecuteNonQuery();
    }

    private static string ScalarString(SqliteConnection connection, SqliteTransaction? tx, string sql)
    {
        using var command = Command(connection, tx, sql);
        return command.ExecuteScalar() as string ?? throw new InvalidOperationException($"Query returned no text: {sql}");
    }

    private static long ScalarLong(SqliteConnection c, SqliteTransaction tx, string sql, params (string Name, object? Value)[] parameters) =>
        ScalarLongOrNull(c, tx, sql, parameters) ?? throw new InvalidOperationException($"Query returned no row: {sql}");

    private static long? ScalarLongOrNull(SqliteConnection c, SqliteTransaction tx, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(c, tx, sql, parameters);
        return command.ExecuteScalar() is long value ? value : null;
    }

    private static string Join(IEnumerable<int> ids) => string.Join(',', ids.Select(id => id.ToString(CultureInfo.InvariantCulture)));

    private static int[] Split(string text) =>
        text.Length == 0 ? [] : text.Split(',').Select(part => int.Parse(part, NumberStyles.Integer, CultureInfo.InvariantCulture)).ToArray();

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Created cluster table {Path} with cluster id {ClusterId}")]
    private static partial void LogCreated(ILogger logger, string path, string clusterId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Migrated cluster table {Path} to schema version {Version}")]
    private static partial void LogMigrated(ILogger logger, string path, int version);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Opened cluster table {Path}")]
    private static partial void LogOpened(ILogger logger, string path);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Cluster table {Path} failed with SQLite error {ErrorCode}")]
    private static partial void LogStoreError(ILogger logger, string path, int errorCode, Exception exception);
}
