// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Silo.Configuration;

/// <summary>
/// Broker settings under Kafka's server.properties names and defaults (see <see cref="BrokerConfigCatalog"/> for the
/// key of each property and its allowed range). Where a single silo cannot satisfy Kafka's default (internal topic
/// replication factor 3) the default is 1, as in Kafka's own single-broker quickstart configuration.
/// </summary>
public sealed class BrokerOptions
{
    /// <summary>The configuration section that holds broker settings under their Kafka names.</summary>
    public const string SectionName = "Broker";

    /// <summary><c>node.id</c> (alias <c>broker.id</c>, flag <c>--silo-id</c>). Kafka: -1 (must be set); Granary: 0.</summary>
    public int NodeId { get; set; }

    /// <summary><c>log.dir</c> (alias <c>log.dirs</c>, flag <c>--data-dir</c>): where partitions and the cluster table live.</summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary><c>broker.rack</c>.</summary>
    public string? BrokerRack { get; set; }

    // Membership (KRaft names: how often the silo heartbeats into the cluster table, and when it is declared dead)
    public int BrokerHeartbeatIntervalMs { get; set; } = 2000;
    public int BrokerSessionTimeoutMs { get; set; } = 9000;

    // Topics
    public int NumPartitions { get; set; } = 1;
    public short DefaultReplicationFactor { get; set; } = 1;
    public bool AutoCreateTopicsEnable { get; set; } = true;
    public bool DeleteTopicEnable { get; set; } = true;
    public int MinInsyncReplicas { get; set; } = 1;
    public bool UncleanLeaderElectionEnable { get; set; }
    public bool AutoLeaderRebalanceEnable { get; set; } = true;
    public long LeaderImbalanceCheckIntervalSeconds { get; set; } = 300;

    // Log
    public long? LogRetentionMs { get; set; }
    public int? LogRetentionMinutes { get; set; }
    public int LogRetentionHours { get; set; } = 168;
    public long LogRetentionBytes { get; set; } = -1;
    public long LogRetentionCheckIntervalMs { get; set; } = 300_000;
    public int LogSegmentBytes { get; set; } = 1_073_741_824;
    public long? LogRollMs { get; set; }
    public int LogRollHours { get; set; } = 168;
    public long LogSegmentDeleteDelayMs { get; set; } = 60_000;
    public int LogIndexSizeMaxBytes { get; set; } = 10_485_760;
    public int LogIndexIntervalBytes { get; set; } = 4096;
    public long LogFlushIntervalMessages { get; set; } = long.MaxValue;
    public long? LogFlushIntervalMs { get; set; }
    public long LogFlushSchedulerIntervalMs { get; set; } = long.MaxValue;
    public bool LogPreallocate { get; set; }
    public IReadOnlyList<string> LogCleanupPolicy { get; set; } = ["delete"];
    public bool LogCleanerEnable { get; set; } = true;
    public double LogCleanerMinCleanableRatio { get; set; } = 0.5;
    public long LogCleanerDeleteRetentionMs { get; set; } = 86_400_000;
    public long LogCleanerMinCompactionLagMs { get; set; }
    public long LogCleanerMaxCompactionLagMs { get; set; } = long.MaxValue;
    public long LogCleanerBackoffMs { get; set; } = 15_000;
    public int LogCleanerThreads { get; set; } = 1;
    public string LogMessageTimestampType { get; set; } = "CreateTime";
    public long LogMessageTimestampDifferenceMaxMs { get; set; } = long.MaxValue;
    public long LogMessageTimestampBeforeMaxMs { get; set; } = long.MaxValue;
    public long LogMessageTimestampAfterMaxMs { get; set; } = long.MaxValue;
    public string CompressionType { get; set; } = "producer";
    public int MessageMaxBytes { get; set; } = 1_048_588;

    // Network
    public int SocketRequestMaxBytes { get; set; } = 104_857_600;
    public int SocketSendBufferBytes { get; set; } = 102_400;
    public int SocketReceiveBufferBytes { get; set; } = 102_400;
    public long ConnectionsMaxIdleMs { get; set; } = 600_000;
    public int QueuedMaxRequests { get; set; } = 500;
    public int MaxConnections { get; set; } = int.MaxValue;
    public int MaxConnectionsPerIp { get; set; } = int.MaxValue;
    public int FetchMaxBytes { get; set; } = 57_671_680;

    /// <summary><c>max.incremental.fetch.session.cache.slots</c>: how many fetch sessions (KIP-227) the silo keeps; 0 disables them.</summary>
    public int MaxIncrementalFetchSessionCacheSlots { get; set; } = 1000;

    // Replication
    public long ReplicaLagTimeMaxMs { get; set; } = 30_000;
    public int ReplicaFetchMaxBytes { get; set; } = 1_048_576;
    public int ReplicaFetchMinBytes { get; set; } = 1;
    public int ReplicaFetchWaitMaxMs { get; set; } = 500;
    public int ReplicaFetchResponseMaxBytes { get; set; } = 10_485_760;
    public int ReplicaFetchBackoffMs { get; set; } = 1000;
    public int NumReplicaFetchers { get; set; } = 1;

    // Consumer groups and offsets
    public int GroupInitialRebalanceDelayMs { get; set; } = 3000;
    public int GroupMinSessionTimeoutMs { get; set; } = 6000;
    public int GroupMaxSessionTimeoutMs { get; set; } = 1_800_000;
    public int GroupMaxSize { get; set; } = int.MaxValue;
    public int OffsetsTopicNumPartitions { get; set; } = 50;
    /// <summary><c>offsets.topic.replication.factor</c>. Kafka: 3; Granary: 1 so a single silo can host the offsets topic.</summary>
    public short OffsetsTopicReplicationFactor { get; set; } = 1;
    public int OffsetsTopicSegmentBytes { get; set; } = 104_857_600;
    public int OffsetsRetentionMinutes { get; set; } = 10_080;
    public long OffsetsRetentionCheckIntervalMs { get; set; } = 600_000;
    public int OffsetsCommitTimeoutMs { get; set; } = 5000;
    public int OffsetMetadataMaxBytes { get; set; } = 4096;

    // Transactions and idempotence
    public int TransactionStateLogNumPartitions { get; set; } = 50;
    /// <summary><c>transaction.state.log.replication.factor</c>. Kafka: 3; Granary: 1 (single silo).</summary>
    public short TransactionStateLogReplicationFactor { get; set; } = 1;
    /// <summary><c>transaction.state.log.min.isr</c>. Kafka: 2; Granary: 1 (single silo).</summary>
    public int TransactionStateLogMinIsr { get; set; } = 1;
    public int TransactionStateLogSegmentBytes { get; set; } = 104_857_600;
    public int TransactionMaxTimeoutMs { get; set; } = 900_000;
    public int TransactionalIdExpirationMs { get; set; } = 604_800_000;
    public int TransactionAbortTimedOutTransactionCleanupIntervalMs { get; set; } = 10_000;
    public int TransactionRemoveExpiredTransactionCleanupIntervalMs { get; set; } = 3_600_000;
    public int ProducerIdExpirationMs { get; set; } = 86_400_000;

    /// <summary>How long segments are kept: log.retention.ms, else .minutes, else .hours; null means unlimited (-1).</summary>
    public TimeSpan? EffectiveLogRetention
    {
        get
        {
            var ms = LogRetentionMs ?? (LogRetentionMinutes is int m ? m * 60_000L : LogRetentionHours * 3_600_000L);
            return ms < 0 ? null : TimeSpan.FromMilliseconds(ms);
        }
    }

    /// <summary>When an active segment is rolled regardless of size: log.roll.ms, else log.roll.hours.</summary>
    public TimeSpan EffectiveLogRoll => TimeSpan.FromMilliseconds(LogRollMs ?? LogRollHours * 3_600_000L);

    /// <summary>The fsync interval: log.flush.interval.ms, else log.flush.scheduler.interval.ms (Long.MAX = never by time).</summary>
    public long EffectiveLogFlushIntervalMs => LogFlushIntervalMs ?? LogFlushSchedulerIntervalMs;
}
