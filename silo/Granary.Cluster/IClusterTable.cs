// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Cluster;

/// <summary>
/// The cluster table: the one shared, durable source of truth for membership, the controller lease, topics, partition
/// state and cluster-wide counters. Every mutation is a compare-and-set against a version the caller read, so several
/// silos (processes, hosts) can share one table through any store that offers atomic conditional writes
/// (a SQLite file, a PostgreSQL database). Conflicts are results, never exceptions; store failures (file locked,
/// corrupt, unreachable) throw <see cref="ClusterTableException"/>.
/// </summary>
public interface IClusterTable
{
    /// <summary>The cluster id: a Kafka-style 22-character base64url UUID generated once, when the table is created.</summary>
    Task<string> GetClusterIdAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads the membership table version, all silo rows and the controller lease in one consistent read.</summary>
    Task<MembershipSnapshot> ReadMembershipAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Inserts or updates a silo row. Succeeds only if the membership table version is still
    /// <paramref name="expectedTableVersion"/> and the row's version is still <see cref="SiloRecord.Version"/>
    /// (0 = the row must not exist). On success the table version is incremented and the result carries the row's new version.
    /// </summary>
    Task<ClusterWriteResult> WriteSiloAsync(SiloRecord silo, long expectedTableVersion, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records an IAmAlive heartbeat for the given incarnation. Does not change any version (heartbeats would otherwise
    /// make every membership write conflict). Rejected when the row has a different generation or is Dead: the caller
    /// has been fenced and must stop.
    /// </summary>
    Task<ClusterWriteResult> HeartbeatAsync(int siloId, long generation, DateTimeOffset heartbeatTime, CancellationToken cancellationToken = default);

    /// <summary>
    /// Acquires or renews the controller lease until now + <paramref name="duration"/>. Succeeds when the lease is free,
    /// expired, or already held by this exact incarnation. The epoch increases whenever the holder changes.
    /// </summary>
    Task<ControllerLeaseResult> TryAcquireControllerLeaseAsync(int siloId, long generation, TimeSpan duration, CancellationToken cancellationToken = default);

    /// <summary>Releases the lease if this incarnation holds it (it expires now; the epoch is kept). Returns whether it was held.</summary>
    Task<bool> ReleaseControllerLeaseAsync(int siloId, long generation, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates a topic and its partitions (ISR = replicas, leader = first replica, epochs 0) atomically.
    /// <see cref="ClusterWriteStatus.AlreadyExists"/> when the name or topic id is taken.
    /// </summary>
    Task<ClusterWriteResult> CreateTopicAsync(NewTopic topic, CancellationToken cancellationToken = default);

    /// <summary>Deletes a topic, its configs and all its partition rows atomically, if its version is still <paramref name="expectedVersion"/>.</summary>
    Task<ClusterWriteResult> DeleteTopicAsync(string name, long expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies config changes (a null value deletes the override, as Kafka's incremental DELETE) if the topic's version
    /// is still <paramref name="expectedVersion"/>.
    /// </summary>
    Task<ClusterWriteResult> AlterTopicConfigsAsync(string name, IReadOnlyDictionary<string, string?> changes, long expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends partitions with the given replica assignments (partition numbers continue from the current count)
    /// if the topic's version is still <paramref name="expectedVersion"/>.
    /// </summary>
    Task<ClusterWriteResult> AddPartitionsAsync(string name, IReadOnlyList<IReadOnlyList<int>> newAssignments, long expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>Reads one topic, or null.</summary>
    Task<TopicRecord?> GetTopicAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Lists all topics, ordered by name.</summary>
    Task<IReadOnlyList<TopicRecord>> ListTopicsAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads the partition rows of a topic ordered by partition (empty when the topic does not exist).</summary>
    Task<IReadOnlyList<PartitionState>> GetPartitionsAsync(string topic, CancellationToken cancellationToken = default);

    /// <summary>Reads every partition row of every topic, ordered by topic then partition.</summary>
    Task<IReadOnlyList<PartitionState>> ListPartitionsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the replicas, ISR, leader and leader epoch of a partition if its partition epoch is still
    /// <paramref name="expectedPartitionEpoch"/>; the stored partition epoch becomes expected + 1 (returned as the version).
    /// </summary>
    Task<ClusterWriteResult> UpdatePartitionAsync(PartitionState state, int expectedPartitionEpoch, CancellationToken cancellationToken = default);

    /// <summary>Reads all topics and partition states, with the metadata version, in one consistent read.</summary>
    Task<ClusterMetadataSnapshot> ReadMetadataAsync(CancellationToken cancellationToken = default);

    /// <summary>The metadata version: increases on every change to topics, configs or partitions, so watchers can poll cheaply.</summary>
    Task<long> GetMetadataVersionAsync(CancellationToken cancellationToken = default);

    /// <summary>Atomically allocates the next <paramref name="blockSize"/> producer ids for a silo. Blocks never overlap.</summary>
    Task<ProducerIdBlock> AllocateProducerIdBlockAsync(int siloId, int blockSize = ProducerIdBlock.DefaultSize, CancellationToken cancellationToken = default);

    /// <summary>Reads a key of the cluster's key-value metadata, or null.</summary>
    Task<MetadataEntry?> GetMetadataAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Writes a key if its version is still <paramref name="expectedVersion"/> (0 = the key must not exist).</summary>
    Task<ClusterWriteResult> SetMetadataAsync(string key, string value, long expectedVersion, CancellationToken cancellationToken = default);
}
