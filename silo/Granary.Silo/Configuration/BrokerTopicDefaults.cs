// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Globalization;
using Granary.Grains.Topics;

namespace Granary.Silo.Configuration;

/// <summary>Copies the broker settings that topics inherit (log.retention.ms → retention.ms, ...) into <see cref="TopicOptions"/>.</summary>
public static class BrokerTopicDefaults
{
    public static void Apply(BrokerOptions broker, TopicOptions topics)
    {
        ArgumentNullException.ThrowIfNull(broker);
        ArgumentNullException.ThrowIfNull(topics);
        topics.NumPartitions = broker.NumPartitions;
        topics.DefaultReplicationFactor = broker.DefaultReplicationFactor;
        topics.AutoCreateTopicsEnable = broker.AutoCreateTopicsEnable;
        topics.DeleteTopicEnable = broker.DeleteTopicEnable;
        var d = topics.BrokerDefaults;
        d["cleanup.policy"] = string.Join(',', broker.LogCleanupPolicy);
        d["compression.type"] = broker.CompressionType;
        d["delete.retention.ms"] = Text(broker.LogCleanerDeleteRetentionMs);
        d["file.delete.delay.ms"] = Text(broker.LogSegmentDeleteDelayMs);
        d["flush.messages"] = Text(broker.LogFlushIntervalMessages);
        d["flush.ms"] = Text(broker.EffectiveLogFlushIntervalMs);
        d["index.interval.bytes"] = Text(broker.LogIndexIntervalBytes);
        d["max.compaction.lag.ms"] = Text(broker.LogCleanerMaxCompactionLagMs);
        d["max.message.bytes"] = Text(broker.MessageMaxBytes);
        d["message.timestamp.after.max.ms"] = Text(broker.LogMessageTimestampAfterMaxMs);
        d["message.timestamp.before.max.ms"] = Text(broker.LogMessageTimestampBeforeMaxMs);
        d["message.timestamp.difference.max.ms"] = Text(broker.LogMessageTimestampDifferenceMaxMs);
        d["message.timestamp.type"] = broker.LogMessageTimestampType;
        d["min.cleanable.dirty.ratio"] = broker.LogCleanerMinCleanableRatio.ToString(CultureInfo.InvariantCulture);
        d["min.compaction.lag.ms"] = Text(broker.LogCleanerMinCompactionLagMs);
        d["min.insync.replicas"] = Text(broker.MinInsyncReplicas);
        d["preallocate"] = broker.LogPreallocate ? "true" : "false";
        d["retention.bytes"] = Text(broker.LogRetentionBytes);
        d["retention.ms"] = Text(broker.EffectiveLogRetention is { } retention ? (long)retention.TotalMilliseconds : -1);
        d["segment.bytes"] = Text(broker.LogSegmentBytes);
        d["segment.index.bytes"] = Text(broker.LogIndexSizeMaxBytes);
        d["segment.ms"] = Text((long)broker.EffectiveLogRoll.TotalMilliseconds);
        d["unclean.leader.election.enable"] = broker.UncleanLeaderElectionEnable ? "true" : "false";
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
