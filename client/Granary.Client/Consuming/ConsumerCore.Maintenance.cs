// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;

namespace Granary.Client.Consuming;

/// <summary>The background loop that finds leaders, resolves start positions, auto-commits and reports statistics.</summary>
internal sealed partial class ConsumerCore
{
    private readonly SemaphoreSlim _commitLock = new(1, 1);
    private volatile bool _metadataStale = true;
    private long _lastAutoCommit;
    private long _lastMetadataRefresh;
    private long _lastStatistics;

    /// <summary>Asks for a metadata refresh on the next maintenance pass (a regex subscription, a moved leader).</summary>
    public void RequestMetadataRefresh()
    {
        _metadataStale = true;
        WakeMaintenance();
    }

    /// <summary>Commits the stored offsets that changed (auto-commit, revoke, close); reports through the event queue.</summary>
    public async Task<(List<TopicPartitionOffsetError> Results, Error Error)> CommitStoredAsync(IEnumerable<TopicPartition>? partitions, CancellationToken cancellationToken)
    {
        var pending = PendingCommits(partitions);
        if (pending.Count == 0 || Settings.GroupId is null)
        {
            return ([], new Error(ErrorCode.Local_NoOffset));
        }

        await _commitLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var results = await CommitAsync(pending, cancellationToken).ConfigureAwait(false);
            var failed = results.FirstOrDefault(r => r.Error.IsError);
            return (results, failed?.Error ?? new Error(ErrorCode.NoError));
        }
        catch (KafkaException ex)
        {
            return ([.. pending.Select(p => new TopicPartitionOffsetError(p, ex.Error))], ex.Error);
        }
        finally
        {
            _commitLock.Release();
        }
    }

    private async Task MaintenanceLoopAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await _maintenanceSignal.WaitAsync(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
                await RefreshLeadersIfNeededAsync(cancellationToken).ConfigureAwait(false);
                await ResolvePositionsAsync(cancellationToken).ConfigureAwait(false);
                await AutoCommitIfDueAsync(cancellationToken).ConfigureAwait(false);
                ReportStatisticsIfDue();
                failures = 0;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                failures++;
                if (failures == 1 || failures % 20 == 0)
                {
                    Log(SyslogLevel.Warning, "MAINT", $"Consumer maintenance failed ({failures} in a row): {ex.Message}");
                }

                try
                {
                    await Task.Delay(Settings.RetryBackoff * Math.Min(failures, 10), Time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task RefreshLeadersIfNeededAsync(CancellationToken cancellationToken)
    {
        List<string>? topics;
        bool leaderless;
        lock (_sync)
        {
            topics = [.. _order.Select(s => s.TopicPartition.Topic).Distinct(StringComparer.Ordinal)];
            leaderless = _order.Any(s => s.LeaderId < 0);
        }

        var periodic = Settings.TopicMetadataRefreshInterval > TimeSpan.Zero && Time.GetElapsedTime(_lastMetadataRefresh) >= Settings.TopicMetadataRefreshInterval;
        var groupWants = Group?.WantsMetadata ?? false;
        if (!_metadataStale && !leaderless && !periodic && !groupWants)
        {
            return;
        }

        if (Group is not null)
        {
            var subscribed = Group.MetadataTopics(out var all);
            if (all)
            {
                topics = null;
            }
            else
            {
                topics = [.. topics.Union(subscribed, StringComparer.Ordinal)];
            }
        }

        if (topics is { Count: 0 } && Cluster.LastMetadata is not null)
        {
            _metadataStale = false;
            return;
        }

        _metadataStale = false;
        _lastMetadataRefresh = Time.GetTimestamp();
        var metadata = await Cluster.RefreshMetadataAsync(topics, cancellationToken).ConfigureAwait(false);
        lock (_sync)
        {
            foreach (var state in _order)
            {
                var partition = metadata.Topics.FirstOrDefault(t => t.Topic == state.TopicPartition.Topic)?
                    .Partitions.FirstOrDefault(p => p.PartitionId == state.TopicPartition.Partition.Value);
                state.LeaderId = partition is { Error.IsError: false } ? partition.Leader : -1;
                state.LeaderEpoch = partition?.LeaderEpoch ?? -1;
            }

            if (_order.Any(s => s.LeaderId < 0))
            {
                // Still leaderless (a topic being created, a leader moving): look again soon.
                _metadataStale = true;
            }

            EnsureFetchLoopsLocked();
        }

        Group?.OnMetadata(metadata);
        WakeFetchers();
    }

    private async Task ResolvePositionsAsync(CancellationToken cancellationToken)
    {
        List<(PartitionState State, int Version, Offset Start)> work;
        lock (_sync)
        {
            work = [.. _order.Where(s => s.FetchOffset < 0 && !s.Resolving && s.LeaderId >= 0).Select(s => (s, s.Version, s.PendingStart))];
            foreach (var (state, _, _) in work)
            {
                state.Resolving = true;
            }
        }

        if (work.Count == 0)
        {
            return;
        }

        try
        {
            var starts = new Dictionary<PartitionState, long>();
            var committed = new Dictionary<PartitionState, long>();
            var needCommitted = work.Where(w => w.Start == Offset.Unset || w.Start == Offset.Stored).ToList();
            if (needCommitted.Count > 0 && Settings.GroupId is not null)
            {
                var offsets = await FetchCommittedAsync([.. needCommitted.Select(w => w.State.TopicPartition)], cancellationToken).ConfigureAwait(false);
                foreach (var (w, offset) in needCommitted.Zip(offsets))
                {
                    if (offset.Offset.Value >= 0)
                    {
                        starts[w.State] = offset.Offset.Value;
                        committed[w.State] = offset.Offset.Value;
                    }
                }
            }

            var lookups = new List<(PartitionState State, long Timestamp)>();
            foreach (var w in work.Where(w => !starts.ContainsKey(w.State)))
            {
                var logical = w.Start == Offset.Beginning || w.Start == Offset.End ? w.Start : Settings.AutoOffsetReset;
                if (logical == Offset.Unset)
                {
                    Post(new ConsumerEvent.ConsumeFailed(
                        new TopicPartitionOffset(w.State.TopicPartition, Offset.Unset),
                        new Error(ErrorCode.Local_AutoOffsetReset, $"{w.State.TopicPartition} has no committed offset and auto.offset.reset is error.")));
                    continue;
                }

                lookups.Add((w.State, logical == Offset.Beginning ? -2 : -1));
            }

            if (lookups.Count > 0)
            {
                var listed = await ListOffsetsAsync([.. lookups.Select(l => (l.State.TopicPartition, l.Timestamp))], cancellationToken).ConfigureAwait(false);
                foreach (var (state, _) in lookups)
                {
                    if (listed.TryGetValue(state.TopicPartition, out var found) && !found.Error.IsError && found.Offset >= 0)
                    {
                        starts[state] = found.Offset;
                    }
                }
            }

            lock (_sync)
            {
                foreach (var (state, version, _) in work)
                {
                    if (committed.TryGetValue(state, out var c))
                    {
                        state.CommittedOffset = c;
                    }

                    if (state.Version == version && state.FetchOffset < 0 && starts.TryGetValue(state, out var start))
                    {
                        state.FetchOffset = start;
                        state.Position = start;
                        state.PendingStart = Offset.Unset;
                    }
                }
            }
        }
        finally
        {
            lock (_sync)
            {
                foreach (var (state, _, _) in work)
                {
                    state.Resolving = false;
                }
            }
        }

        WakeFetchers();
    }

    private async Task AutoCommitIfDueAsync(CancellationToken cancellationToken)
    {
        if (!Settings.EnableAutoCommit || Settings.GroupId is null || Settings.AutoCommitInterval <= TimeSpan.Zero ||
            Time.GetElapsedTime(_lastAutoCommit) < Settings.AutoCommitInterval)
        {
            return;
        }

        _lastAutoCommit = Time.GetTimestamp();
        if (Group is { IsStable: false })
        {
            // Mid-rebalance: the revoke step commits; a commit now would be rejected with the old generation.
            return;
        }

        var (results, error) = await CommitStoredAsync(null, cancellationToken).ConfigureAwait(false);
        if (results.Count > 0)
        {
            Post(new ConsumerEvent.Committed(results, error));
        }
    }

    private void ReportStatisticsIfDue()
    {
        if (Settings.StatisticsInterval <= TimeSpan.Zero || Time.GetElapsedTime(_lastStatistics) < Settings.StatisticsInterval)
        {
            return;
        }

        _lastStatistics = Time.GetTimestamp();
        var json = new StringBuilder();
        lock (_sync)
        {
            json.Append(CultureInfo.InvariantCulture, $"{{\"name\":\"{Name}\",\"type\":\"consumer\",\"ts\":{Time.GetUtcNow().ToUnixTimeMilliseconds() * 1000},");
            json.Append(CultureInfo.InvariantCulture, $"\"rxmsgs\":{RecordsReturned},\"cgrp\":{{\"assignment_size\":{_order.Count},\"rebalance_cnt\":{Group?.RebalanceCount ?? 0}}},\"topics\":{{");
            var first = true;
            foreach (var topic in _order.GroupBy(s => s.TopicPartition.Topic))
            {
                json.Append(first ? string.Empty : ",").Append('"').Append(topic.Key).Append("\":{\"partitions\":{");
                first = false;
                var firstPartition = true;
                foreach (var s in topic)
                {
                    var lag = s.HighWatermark >= 0 && s.Position >= 0 ? s.HighWatermark - s.Position : -1;
                    json.Append(firstPartition ? string.Empty : ",");
                    json.Append(CultureInfo.InvariantCulture, $"\"{s.TopicPartition.Partition.Value}\":{{\"fetch_state\":\"{(s.Paused ? "paused" : s.FetchOffset >= 0 ? "active" : "offset-query")}\",\"hi_offset\":{s.HighWatermark},\"ls_offset\":{s.LastStableOffset},\"lo_offset\":{s.LogStartOffset},\"app_offset\":{s.Position},\"stored_offset\":{s.StoredOffset},\"committed_offset\":{s.CommittedOffset},\"consumer_lag\":{lag}}}");
                    firstPartition = false;
                }

                json.Append("}}");
            }

            json.Append("}}");
        }

        Post(new ConsumerEvent.Statistics(json.ToString()));
    }
}
