// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Cluster;
using Granary.Cluster.Membership;
using Granary.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Granary.Grains.Topics;

/// <summary>
/// Makes topic config changes take effect on the live partition logs: whenever the cluster metadata snapshot moves,
/// the manager learns each topic's log config (for logs it opens itself), and each open log whose topic's effective configs changed gets the new LogConfig (retention.ms, segment.bytes, ...),
/// so the next retention pass or append uses it. Silos learn of another silo's change on their next metadata poll.
/// </summary>
public sealed partial class TopicConfigWatcher : BackgroundService
{
    private const string LongMaxText = "9223372036854775807";
    private readonly IClusterMetadata _metadata;
    private readonly TopicConfigResolver _resolver;
    private readonly Func<LogManager?> _logs;
    private readonly ILogger _logger;

    public TopicConfigWatcher(IClusterMetadata metadata, TopicConfigResolver resolver, Func<LogManager?> logs, ILogger<TopicConfigWatcher> logger)
    {
        _metadata = metadata;
        _resolver = resolver;
        _logs = logs;
        _logger = logger;
    }

    /// <summary>Applies the snapshot's topic configs to the open logs; returns how many logs got a new config.</summary>
    public int Apply(ClusterMetadataSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (_logs() is not { } manager)
        {
            return 0;
        }

        var topics = snapshot.Topics.ToDictionary(t => t.Name, StringComparer.Ordinal);
        foreach (var topic in topics.Values)
        {
            // Logs the manager opens itself (retention or cleaning of a partition no grain holds) use this config,
            // the same one a partition grain gets from its placement.
            try
            {
                manager.SetTopicConfig(topic.Name, LogConfig.FromProperties(topic.Configs, manager.DefaultLogConfig));
            }
            catch (ArgumentException ex)
            {
                LogRejected(topic.Name, ex);
            }
        }

        var updated = 0;
        foreach (var log in manager.Logs)
        {
            if (!topics.TryGetValue(log.TopicPartition.Topic, out var topic))
            {
                continue;
            }

            var effective = _resolver.EffectiveConfigs(topic);
            try
            {
                var config = ToLogConfig(effective, log.Config, topic.Configs);
                if (config != log.Config)
                {
                    log.UpdateConfig(config);
                    updated++;
                    LogApplied(topic.Name, log.TopicPartition.Partition);
                }
            }
            catch (ArgumentException ex)
            {
                LogRejected(topic.Name, ex);
            }
        }

        return updated;
    }

    /// <summary>The storage config for a topic's effective configs, keeping <paramref name="current"/>'s other settings.</summary>
    /// <remarks>
    /// flush.messages and flush.ms follow an explicit topic override (<paramref name="overrides"/>) when there is one.
    /// Without one, Kafka's "never" default (Long.MAX, from log.flush.interval.*) would leave a single silo's
    /// acknowledged writes in the page cache, so the storage default (fsync every group commit) stands unless the
    /// broker set a value - the same rule the partition directory applies when a partition activates.
    /// </remarks>
    public static LogConfig ToLogConfig(IReadOnlyDictionary<string, string> effective, LogConfig current, IReadOnlyDictionary<string, string>? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(effective);
        var known = effective.Where(e => e.Key is LogConfig.SegmentBytesKey or LogConfig.SegmentMsKey or LogConfig.SegmentIndexBytesKey
            or LogConfig.IndexIntervalBytesKey or LogConfig.RetentionMsKey or LogConfig.RetentionBytesKey or LogConfig.CleanupPolicyKey
            or LogConfig.DeleteRetentionMsKey or LogConfig.MinCleanableDirtyRatioKey or LogConfig.MinCompactionLagMsKey
            or LogConfig.MessageTimestampTypeKey or LogConfig.MaxMessageBytesKey or LogConfig.FileDeleteDelayMsKey).ToList();
        known.Add(new(LogConfig.FlushMessagesKey, FlushValue(LogConfig.FlushMessagesKey, effective, overrides, LogConfig.Default.FlushMessages)));
        known.Add(new(LogConfig.FlushMsKey, FlushValue(LogConfig.FlushMsKey, effective, overrides, LogConfig.Default.FlushMs)));
        return LogConfig.FromProperties(known, current);
    }

    private static string FlushValue(string key, IReadOnlyDictionary<string, string> effective, IReadOnlyDictionary<string, string>? overrides, long storageDefault)
    {
        if (overrides is not null && overrides.TryGetValue(key, out var explicitValue))
        {
            return explicitValue;
        }

        return effective.TryGetValue(key, out var value) && value.Trim() != LongMaxText
            ? value
            : storageDefault.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var snapshot in _metadata.WatchAsync(stoppingToken).ConfigureAwait(false))
            {
                Apply(snapshot);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 410, Level = LogLevel.Information, Message = "Applied new configs to partition {Topic}-{Partition}")]
    private partial void LogApplied(string topic, int partition);

    [LoggerMessage(EventId = 411, Level = LogLevel.Warning, Message = "Configs of topic {Topic} cannot be applied to its logs")]
    private partial void LogRejected(string topic, Exception exception);
}
