// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Globalization;

namespace Granary.Silo.Configuration;

/// <summary>
/// Every broker setting Granary understands, under Kafka's server.properties names, with Kafka's defaults and
/// allowed ranges. Lookup is case-insensitive and also accepts '_' for '.', so the environment variable
/// <c>GRANARY_Broker__LOG_RETENTION_MS</c> reaches <c>log.retention.ms</c>.
/// </summary>
public static class BrokerConfigCatalog
{
    private static readonly Dictionary<string, BrokerConfigKey> ByName = Build();

    /// <summary>All keys, one entry per setting (aliases not repeated), in name order.</summary>
    public static IReadOnlyList<BrokerConfigKey> Keys { get; } =
        [.. ByName.Values.Distinct().OrderBy(k => k.Name, StringComparer.Ordinal)];

    /// <summary>Finds a key by its name or alias; '_' is read as '.', case is ignored.</summary>
    public static bool TryFind(string name, out BrokerConfigKey key) =>
        ByName.TryGetValue(Normalize(name), out key!);

    private static string Normalize(string name) => name.Trim().Replace('_', '.').ToLowerInvariant();

    private static Dictionary<string, BrokerConfigKey> Build()
    {
        BrokerConfigKey[] keys =
        [
            Int("node.id", "0", 0, int.MaxValue, (o, v) => o.NodeId = v, ["broker.id"]),
            Str("log.dir", "./data", (o, v) => o.DataDirectory = v, ["log.dirs"], requireValue: true),
            Str("broker.rack", "null", (o, v) => o.BrokerRack = v.Length == 0 ? null : v),

            Int("broker.heartbeat.interval.ms", "2000", 10, 60_000, (o, v) => o.BrokerHeartbeatIntervalMs = v),
            Int("broker.session.timeout.ms", "9000", 100, 600_000, (o, v) => o.BrokerSessionTimeoutMs = v),

            Int("num.partitions", "1", 1, int.MaxValue, (o, v) => o.NumPartitions = v),
            Short("default.replication.factor", "1", 1, (o, v) => o.DefaultReplicationFactor = v),
            Bool("auto.create.topics.enable", "true", (o, v) => o.AutoCreateTopicsEnable = v),
            Bool("delete.topic.enable", "true", (o, v) => o.DeleteTopicEnable = v),
            Int("min.insync.replicas", "1", 1, int.MaxValue, (o, v) => o.MinInsyncReplicas = v),
            Bool("unclean.leader.election.enable", "false", (o, v) => o.UncleanLeaderElectionEnable = v),
            Bool("auto.leader.rebalance.enable", "true", (o, v) => o.AutoLeaderRebalanceEnable = v),
            Long("leader.imbalance.check.interval.seconds", "300", 1, (o, v) => o.LeaderImbalanceCheckIntervalSeconds = v),

            Long("log.retention.ms", "null", -1, (o, v) => o.LogRetentionMs = v),
            Int("log.retention.minutes", "null", -1, int.MaxValue, (o, v) => o.LogRetentionMinutes = v),
            Int("log.retention.hours", "168", -1, int.MaxValue, (o, v) => o.LogRetentionHours = v),
            Long("log.retention.bytes", "-1", -1, (o, v) => o.LogRetentionBytes = v),
            Long("log.retention.check.interval.ms", "300000", 1, (o, v) => o.LogRetentionCheckIntervalMs = v),
            Int("log.segment.bytes", "1073741824", 14, int.MaxValue, (o, v) => o.LogSegmentBytes = v),
            Long("log.roll.ms", "null", 1, (o, v) => o.LogRollMs = v),
            Int("log.roll.hours", "168", 1, int.MaxValue, (o, v) => o.LogRollHours = v),
            Long("log.segment.delete.delay.ms", "60000", 0, (o, v) => o.LogSegmentDeleteDelayMs = v),
            Int("log.index.size.max.bytes", "10485760", 4, int.MaxValue, (o, v) => o.LogIndexSizeMaxBytes = v),
            Int("log.index.interval.bytes", "4096", 0, int.MaxValue, (o, v) => o.LogIndexIntervalBytes = v),
            Long("log.flush.interval.messages", "9223372036854775807", 1, (o, v) => o.LogFlushIntervalMessages = v),
            Long("log.flush.interval.ms", "null", 0, (o, v) => o.LogFlushIntervalMs = v),
            Long("log.flush.scheduler.interval.ms", "9223372036854775807", 0, (o, v) => o.LogFlushSchedulerIntervalMs = v),
            Bool("log.preallocate", "false", (o, v) => o.LogPreallocate = v),
            List("log.cleanup.policy", "delete", ["compact", "delete"], (o, v) => o.LogCleanupPolicy = v),
            Bool("log.cleaner.enable", "true", (o, v) => o.LogCleanerEnable = v),
            Double("log.cleaner.min.cleanable.ratio", "0.5", 0, 1, (o, v) => o.LogCleanerMinCleanableRatio = v),
            Long("log.cleaner.delete.retention.ms", "86400000", 0, (o, v) => o.LogCleanerDeleteRetentionMs = v),
            Long("log.cleaner.min.compaction.lag.ms", "0", 0, (o, v) => o.LogCleanerMinCompactionLagMs = v),
            Long("log.cleaner.max.compaction.lag.ms", "9223372036854775807", 1, (o, v) => o.LogCleanerMaxCompactionLagMs = v),
            Long("log.cleaner.backoff.ms", "15000", 0, (o, v) => o.LogCleanerBackoffMs = v),
            Int("log.cleaner.threads", "1", 0, int.MaxValue, (o, v) => o.LogCleanerThreads = v),
            Choice("log.message.timestamp.type", "CreateTime", ["CreateTime", "LogAppendTime"], (o, v) => o.LogMessageTimestampType = v),
            Long("log.message.timestamp.difference.max.ms", "9223372036854775807", 0, (o, v) => o.LogMessageTimestampDifferenceMaxMs = v),
            Long("log.message.timestamp.before.max.ms", "9223372036854775807", 0, (o, v) => o.LogMessageTimestampBeforeMaxMs = v),
            Long("log.message.timestamp.after.max.ms", "9223372036854775807", 0, (o, v) => o.LogMessageTimestampAfterMaxMs = v),
            Choice("compression.type", "producer", ["uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"], (o, v) => o.CompressionType = v),
            Int("message.max.bytes", "1048588", 0, int.MaxValue, (o, v) => o.MessageMaxBytes = v),

            Int("socket.request.max.bytes", "104857600", 1, int.MaxValue, (o, v) => o.SocketRequestMaxBytes = v),
            Int("socket.send.buffer.bytes", "102400", -1, int.MaxValue, (o, v) => o.SocketSendBufferBytes = v),
            Int("socket.receive.buffer.bytes", "102400", -1, int.MaxValue, (o, v) => o.SocketReceiveBufferBytes = v),
            Long("connections.max.idle.ms", "600000", -1, (o, v) => o.ConnectionsMaxIdleMs = v),
            Int("queued.max.requests", "500", 1, int.MaxValue, (o, v) => o.QueuedMaxRequests = v),
            Int("max.connections", "2147483647", 0, int.MaxValue, (o, v) => o.MaxConnections = v),
            Int("max.connections.per.ip", "2147483647", 0, int.MaxValue, (o, v) => o.MaxConnectionsPerIp = v),
            Int("fetch.max.bytes", "57671680", 1024, int.MaxValue, (o, v) => o.FetchMaxBytes = v),
            Int("max.incremental.fetch.session.cache.slots", "1000", 0, int.MaxValue, (o, v) => o.MaxIncrementalFetchSessionCacheSlots = v),

            Long("replica.lag.time.max.ms", "30000", 0, (o, v) => o.ReplicaLagTimeMaxMs = v),
            Int("replica.fetch.max.bytes", "1048576", 0, int.MaxValue, (o, v) => o.ReplicaFetchMaxBytes = v),
            Int("replica.fetch.min.bytes", "1", 0, int.MaxValue, (o, v) => o.ReplicaFetchMinBytes = v),
            Int("replica.fetch.wait.max.ms", "500", 0, int.MaxValue, (o, v) => o.ReplicaFetchWaitMaxMs = v),
            Int("replica.fetch.response.max.bytes", "10485760", 0, int.MaxValue, (o, v) => o.ReplicaFetchResponseMaxBytes = v),
            Int("replica.fetch.backoff.ms", "1000", 0, int.MaxValue, (o, v) => o.ReplicaFetchBackoffMs = v),
            Int("num.replica.fetchers", "1", 1, int.MaxValue, (o, v) => o.NumReplicaFetchers = v),

            Int("group.initial.rebalance.delay.ms", "3000", 0, int.MaxValue, (o, v) => o.GroupInitialRebalanceDelayMs = v),
            Int("group.min.session.timeout.ms", "6000", 0, int.MaxValue, (o, v) => o.GroupMinSessionTimeoutMs = v),
            Int("group.max.session.timeout.ms", "1800000", 0, int.MaxValue, (o, v) => o.GroupMaxSessionTimeoutMs = v),
            Int("group.max.size", "2147483647", 1, int.MaxValue, (o, v) => o.GroupMaxSize = v),
            Int("offsets.topic.num.partitions", "50", 1, int.MaxValue, (o, v) => o.OffsetsTopicNumPartitions = v),
            Short("offsets.topic.replication.factor", "1", 1, (o, v) => o.OffsetsTopicReplicationFactor = v),
            Int("offsets.topic.segment.bytes", "104857600", 1, int.MaxValue, (o, v) => o.OffsetsTopicSegmentBytes = v),
            Int("offsets.retention.minutes", "10080", 1, int.MaxValue, (o, v) => o.OffsetsRetentionMinutes = v),
            Long("offsets.retention.check.interval.ms", "600000", 1, (o, v) => o.OffsetsRetentionCheckIntervalMs = v),
            Int("offsets.commit.timeout.ms", "5000", 1, int.MaxValue, (o, v) => o.OffsetsCommitTimeoutMs = v),
            Int("offset.metadata.max.bytes", "4096", 0, int.MaxValue, (o, v) => o.OffsetMetadataMaxBytes = v),

            Int("transaction.state.log.num.partitions", "50", 1, int.MaxValue, (o, v) => o.TransactionStateLogNumPartitions = v),
            Short("transaction.state.log.replication.factor", "1", 1, (o, v) => o.TransactionStateLogReplicationFactor = v),
            Int("transaction.state.log.min.isr", "1", 1, int.MaxValue, (o, v) => o.TransactionStateLogMinIsr = v),
            Int("transaction.state.log.segment.bytes", "104857600", 1, int.MaxValue, (o, v) => o.TransactionStateLogSegmentBytes = v),
            Int("transaction.max.timeout.ms", "900000", 1, int.MaxValue, (o, v) => o.TransactionMaxTimeoutMs = v),
            Int("transactional.id.expiration.ms", "604800000", 1, int.MaxValue, (o, v) => o.TransactionalIdExpirationMs = v),
            Int("transaction.abort.timed.out.transaction.cleanup.interval.ms", "10000", 1, int.MaxValue,
                (o, v) => o.TransactionAbortTimedOutTransactionCleanupIntervalMs = v),
            Int("transaction.remove.expired.transaction.cleanup.interval.ms", "3600000", 1, int.MaxValue,
                (o, v) => o.TransactionRemoveExpiredTransactionCleanupIntervalMs = v),
            Int("producer.id.expiration.ms", "86400000", 1, int.MaxValue, (o, v) => o.ProducerIdExpirationMs = v),
        ];

        var byName = new Dictionary<string, BrokerConfigKey>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            byName.Add(Normalize(key.Name), key);
            foreach (var alias in key.Aliases)
            {
                byName.Add(Normalize(alias), key);
            }
        }

        return byName;
    }

    private static string Range(long min, long max) =>
        string.Create(CultureInfo.InvariantCulture, $"[{min}, {max}]");

    private static BrokerConfigKey Int(
        string name, string defaultValue, int min, int max, Action<BrokerOptions, int> set, IReadOnlyList<string>? aliases = null) =>
        new(name, "int", defaultValue, Range(min, max), (text, o) =>
        {
            if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) || v < min || v > max)
            {
                return $"must be an integer in {Range(min, max)}";
            }

            set(o, v);
            return null;
        }, aliases);

    private static BrokerConfigKey Short(string name, string defaultValue, short min, Action<BrokerOptions, short> set) =>
        new(name, "short", defaultValue, Range(min, short.MaxValue), (text, o) =>
        {
            if (!short.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) || v < min)
            {
                return $"must be an integer in {Range(min, short.MaxValue)}";
            }

            set(o, v);
            return null;
        });

    private static BrokerConfigKey Long(string name, string defaultValue, long min, Action<BrokerOptions, long> set) =>
        new(name, "long", defaultValue, Range(min, long.MaxValue), (text, o) =>
        {
            if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) || v < min)
            {
                return $"must be an integer in {Range(min, long.MaxValue)}";
            }

            set(o, v);
            return null;
        });

    private static BrokerConfigKey Double(string name, string defaultValue, double min, double max, Action<BrokerOptions, double> set) =>
        new(name, "double", defaultValue, string.Create(CultureInfo.InvariantCulture, $"[{min}, {max}]"), (text, o) =>
        {
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !(v >= min && v <= max))
            {
                return string.Create(CultureInfo.InvariantCulture, $"must be a number in [{min}, {max}]");
            }

            set(o, v);
            return null;
        });

    private static BrokerConfigKey Bool(string name, string defaultValue, Action<BrokerOptions, bool> set) =>
        new(name, "boolean", defaultValue, "[true, false]", (text, o) =>
        {
            if (!bool.TryParse(text, out var v))
            {
                return "must be true or false";
            }

            set(o, v);
            return null;
        });

    private static BrokerConfigKey Choice(string name, string defaultValue, string[] allowed, Action<BrokerOptions, string> set) =>
        new(name, "string", defaultValue, $"[{string.Join(", ", allowed)}]", (text, o) =>
        {
            var match = Array.Find(allowed, a => string.Equals(a, text, StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                return $"must be one of [{string.Join(", ", allowed)}]";
            }

            set(o, match);
            return null;
        });

    private static BrokerConfigKey List(string name, string defaultValue, string[] allowed, Action<BrokerOptions, IReadOnlyList<string>> set) =>
        new(name, "list", defaultValue, $"[{string.Join(", ", allowed)}]", (text, o) =>
        {
            var items = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var result = new List<string>(items.Length);
            foreach (var item in items)
            {
                var match = Array.Find(allowed, a => string.Equals(a, item, StringComparison.OrdinalIgnoreCase));
                if (match is null)
                {
                    return $"must be a comma-separated list of [{string.Join(", ", allowed)}]";
                }

                if (!result.Contains(match))
                {
                    result.Add(match);
                }
            }

            if (result.Count == 0)
            {
                return $"must be a comma-separated list of [{string.Join(", ", allowed)}]";
            }

            set(o, result);
            return null;
        });

    private static BrokerConfigKey Str(
        string name, string defaultValue, Action<BrokerOptions, string> set, IReadOnlyList<string>? aliases = null, bool requireValue = false) =>
        new(name, "string", defaultValue, requireValue ? "non-empty string" : "string", (text, o) =>
        {
            if (requireValue && text.Length == 0)
            {
                return "must not be empty";
            }

            set(o, text);
            return null;
        }, aliases);
}
