// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Grains.ConsumerGroups;

/// <summary>
/// Broker settings of the classic group coordinator, named and defaulted as Kafka names and defaults them.
/// </summary>
public sealed class ConsumerGroupOptions
{
    /// <summary>group.initial.rebalance.delay.ms: how long the first rebalance of an empty group waits for more joiners.</summary>
    public int GroupInitialRebalanceDelayMs { get; set; } = 3000;

    /// <summary>group.min.session.timeout.ms: the smallest session timeout a member may ask for.</summary>
    public int GroupMinSessionTimeoutMs { get; set; } = 6000;

    /// <summary>group.max.session.timeout.ms: the largest session timeout a member may ask for.</summary>
    public int GroupMaxSessionTimeoutMs { get; set; } = 1800000;

    /// <summary>group.max.size: members beyond this are refused with GROUP_MAX_SIZE_REACHED.</summary>
    public int GroupMaxSize { get; set; } = int.MaxValue;

    /// <summary>offsets.retention.minutes: how long the offsets of an empty group (or standalone commits) are kept.</summary>
    public int OffsetsRetentionMinutes { get; set; } = 10080;

    /// <summary>offsets.retention.check.interval.ms: how often expired offsets are looked for.</summary>
    public long OffsetsRetentionCheckIntervalMs { get; set; } = 600000;

    /// <summary>offset.metadata.max.bytes: the longest metadata string a commit may carry.</summary>
    public int OffsetMetadataMaxBytes { get; set; } = 4096;

    /// <summary>offsets.topic.num.partitions: the partition count of <c>__consumer_offsets</c>.</summary>
    public int OffsetsTopicNumPartitions { get; set; } = 50;

    /// <summary>offsets.topic.replication.factor: replicas of each <c>__consumer_offsets</c> partition (capped at the live silo count).</summary>
    public short OffsetsTopicReplicationFactor { get; set; } = 1;

    /// <summary>offsets.topic.segment.bytes: the segment size of <c>__consumer_offsets</c>, kept small so compaction works early.</summary>
    public int OffsetsTopicSegmentBytes { get; set; } = 104_857_600;

    /// <summary>The offsets retention in milliseconds.</summary>
    public long OffsetsRetentionMs => OffsetsRetentionMinutes * 60_000L;

    /// <summary>Throws when a setting is outside Kafka's allowed range, naming the key and the range.</summary>
    public void Validate()
    {
        Check(GroupInitialRebalanceDelayMs >= 0, "group.initial.rebalance.delay.ms", GroupInitialRebalanceDelayMs, "[0, 2147483647]");
        Check(GroupMinSessionTimeoutMs >= 0, "group.min.session.timeout.ms", GroupMinSessionTimeoutMs, "[0, 2147483647]");
        Check(
            GroupMaxSessionTimeoutMs >= GroupMinSessionTimeoutMs,
            "group.max.session.timeout.ms",
            GroupMaxSessionTimeoutMs,
            $"[{GroupMinSessionTimeoutMs} (group.min.session.timeout.ms), 2147483647]");
        Check(GroupMaxSize >= 1, "group.max.size", GroupMaxSize, "[1, 2147483647]");
        Check(OffsetsRetentionMinutes >= 1, "offsets.retention.minutes", OffsetsRetentionMinutes, "[1, 2147483647]");
        Check(OffsetsRetentionCheckIntervalMs >= 1, "offsets.retention.check.interval.ms", OffsetsRetentionCheckIntervalMs, "[1, 9223372036854775807]");
        Check(OffsetMetadataMaxBytes >= 0, "offset.metadata.max.bytes", OffsetMetadataMaxBytes, "[0, 2147483647]");
        Check(OffsetsTopicReplicationFactor >= 1, "offsets.topic.replication.factor", OffsetsTopicReplicationFactor, "[1, 32767]");
        Check(OffsetsTopicSegmentBytes >= 1, "offsets.topic.segment.bytes", OffsetsTopicSegmentBytes, "[1, 2147483647]");
        Check(OffsetsTopicNumPartitions >= 1, "offsets.topic.num.partitions", OffsetsTopicNumPartitions, "[1, 2147483647]");
    }

    private static void Check(bool valid, string key, long value, string range)
    {
        if (!valid)
        {
            throw new ArgumentOutOfRangeException(key, value, $"{key} must be in {range}, but was {value}.");
        }
    }
}
