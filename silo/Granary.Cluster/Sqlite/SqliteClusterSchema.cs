// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Cluster.Sqlite;

/// <summary>
/// The schema as an ordered list of migrations. Migration i (1-based) moves the file from schema version i-1 to i;
/// applied migrations are never edited, new ones are appended.
/// </summary>
internal static class SqliteClusterSchema
{
    public static readonly string[] Migrations =
    [
        """
        CREATE TABLE cluster (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            cluster_id TEXT NOT NULL,
            created_time INTEGER NOT NULL,
            membership_version INTEGER NOT NULL,
            metadata_version INTEGER NOT NULL,
            next_producer_id INTEGER NOT NULL);
        CREATE TABLE controller_lease (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            holder_silo_id INTEGER NOT NULL,
            holder_generation INTEGER NOT NULL,
            expiry INTEGER NOT NULL,
            epoch INTEGER NOT NULL);
        CREATE TABLE silos (
            silo_id INTEGER PRIMARY KEY,
            host TEXT NOT NULL,
            port INTEGER NOT NULL,
            generation INTEGER NOT NULL,
            status INTEGER NOT NULL,
            start_time INTEGER NOT NULL,
            heartbeat_time INTEGER NOT NULL,
            rack TEXT NULL,
            version INTEGER NOT NULL);
        CREATE TABLE topics (
            name TEXT PRIMARY KEY,
            topic_id TEXT NOT NULL UNIQUE,
            partition_count INTEGER NOT NULL,
            replication_factor INTEGER NOT NULL,
            is_internal INTEGER NOT NULL,
            created_time INTEGER NOT NULL,
            version INTEGER NOT NULL);
        CREATE TABLE topic_configs (
            topic TEXT NOT NULL,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (topic, key));
        CREATE TABLE partitions (
            topic TEXT NOT NULL,
            partition INTEGER NOT NULL,
            replicas TEXT NOT NULL,
            isr TEXT NOT NULL,
            leader INTEGER NOT NULL,
            leader_epoch INTEGER NOT NULL,
            partition_epoch INTEGER NOT NULL,
            PRIMARY KEY (topic, partition));
        CREATE TABLE metadata (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL,
            version INTEGER NOT NULL);
        """,
    ];

    /// <summary>The schema version this build writes.</summary>
    public static int CurrentVersion => Migrations.Length;
}
