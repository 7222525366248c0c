// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Globalization;
using Granary.Cluster;
using Granary.Grains.Partitions;
using Granary.Protocol.Records;
using Granary.Silo.Configuration;
using Granary.Storage;
using Microsoft.Extensions.Options;

namespace Granary.Silo.Hosting;

/// <summary>
/// Answers partition grains from the cluster table: whether the partition exists, and its effective log config
/// (the topic's overrides over the broker's log.* defaults).
/// </summary>
public sealed class ClusterPartitionDirectory : IPartitionDirectory
{
    private const string TimestampDifferenceMaxMsKey = "message.timestamp.difference.max.ms";
    private readonly IClusterTable _table;
    private readonly BrokerOptions _broker;
    private readonly LogConfig _defaults;

    public ClusterPartitionDirectory(IClusterTable table, IOptions<BrokerOptions> broker)
    {
        ArgumentNullException.ThrowIfNull(broker);
        _table = table;
        _broker = broker.Value;
        _defaults = BrokerDefaults(_broker);
    }

    /// <summary>The topic-level defaults the broker's settings imply.</summary>
    public static LogConfig BrokerDefaults(BrokerOptions broker)
    {
        ArgumentNullException.ThrowIfNull(broker);
        var config = LogConfig.Default with
        {
            SegmentBytes = broker.LogSegmentBytes,
            SegmentMs = (long)broker.EffectiveLogRoll.TotalMilliseconds,
            SegmentIndexBytes = broker.LogIndexSizeMaxBytes,
            IndexIntervalBytes = broker.LogIndexIntervalBytes,
            RetentionMs = broker.EffectiveLogRetention is { } retention ? (long)retention.TotalMilliseconds : -1,
            RetentionBytes = broker.LogRetentionBytes,
            MaxMessageBytes = broker.MessageMaxBytes,
            MessageTimestampType = broker.LogMessageTimestampType == "LogAppendTime" ? TimestampType.LogAppendTime : TimestampType.CreateTime,
            FileDeleteDelayMs = broker.LogSegmentDeleteDelayMs,
        };

        // Kafka's log.flush.interval.messages default (Long.MAX) would leave a single silo's acknowledged writes in the
        // page cache; Granary keeps the storage default (fsync every group commit) unless the operator set a value.
        if (broker.LogFlushIntervalMessages != long.MaxValue)
        {
            config = config with { FlushMessages = broker.LogFlushIntervalMessages };
        }

        if (broker.EffectiveLogFlushIntervalMs != long.MaxValue)
        {
            config = config with { FlushMs = broker.EffectiveLogFlushIntervalMs };
        }

        config.Validate();
        return config;
    }

    public async ValueTask<PartitionPlacement?> FindAsync(string topic, int partition, CancellationToken cancellationToken = default)
    {
        var record = await _table.GetTopicAsync(topic, cancellationToken).ConfigureAwait(false);
        if (record is null || partition < 0 || partition >= record.PartitionCount)
        {
            return null;
        }

        LogConfig config;
        try
        {
            config = LogConfig.FromProperties(record.Configs, _defaults);
        }
        catch (ArgumentException)
        {
            // An override the table should never have accepted: serve the broker defaults rather than no partition.
            config = _defaults;
        }

        var difference = _broker.LogMessageTimestampDifferenceMaxMs;
        if (record.Configs.TryGetValue(TimestampDifferenceMaxMsKey, out var text) &&
            long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && parsed >= 0)
        {
            difference = parsed;
        }

        var partitions = await _table.GetPartitionsAsync(topic, cancellationToken).ConfigureAwait(false);
        var epoch = partitions.FirstOrDefault(p => p.Partition == partition)?.LeaderEpoch ?? 0;
        return new PartitionPlacement(record.TopicId, config, difference, epoch);
    }
}
