// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Cluster.Membership;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Granary.Cluster.Controller;

/// <summary>
/// The controller's decisions, applied to the cluster table by compare-and-set: replica assignment for new topics and
/// partitions, and leader election whenever membership changes. Every decision is made only while this silo holds
/// the controller lease; the placement and election rules themselves are the pure functions in
/// <see cref="ReplicaAssignment"/> and <see cref="LeaderElection"/>.
/// </summary>
public sealed partial class ControllerService : BackgroundService
{
    private const int MaxAttempts = 10;

    private readonly IClusterTable _table;
    private readonly IClusterMembership _membership;
    private readonly ILogger _logger;

    public ControllerService(IClusterTable table, IClusterMembership membership, ILogger<ControllerService> logger)
    {
        _table = table;
        _membership = membership;
        _logger = logger;
    }

    /// <summary>Creates a topic with replicas spread over the active silos (ISR = replicas, leader = first replica).</summary>
    public async Task<TopicCreationResult> CreateTopicAsync(
        string name,
        int partitionCount,
        short replicationFactor,
        IReadOnlyDictionary<string, string>? configs = null,
        bool isInternal = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var view = _membership.Current;
        if (Check(view, partitionCount, replicationFactor) is { } error)
        {
            return error;
        }

        var assignments = ReplicaAssignment.Assign(view.ActiveSilos, partitionCount, replicationFactor, StartIndexFor(name));
        var topic = new NewTopic(name, Guid.NewGuid(), replicationFactor, configs ?? new Dictionary<string, string>(), isInternal, assignments);
        var result = await _table.CreateTopicAsync(topic, cancellationToken).ConfigureAwait(false);
        if (result.Status == ClusterWriteStatus.AlreadyExists)
        {
            return new TopicCreationResult(TopicCreationStatus.TopicAlreadyExists, null, $"Topic '{name}' already exists.");
        }

        LogTopicCreated(_logger, name, partitionCount, replicationFactor);
        return new TopicCreationResult(TopicCreationStatus.Success, await _table.GetTopicAsync(name, cancellationToken).ConfigureAwait(false), null);
    }

    /// <summary>Grows a topic to <paramref name="totalPartitionCount"/> partitions, placing the new ones on the active silos.</summary>
    public async Task<TopicCreationResult> CreatePartitionsAsync(string name, int totalPartitionCount, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var topic = await _table.GetTopicAsync(name, cancellationToken).ConfigureAwait(false);
            if (topic is null)
            {
                return new TopicCreationResult(TopicCreationStatus.UnknownTopic, null, $"Topic '{name}' does not exist.");
            }

            if (totalPartitionCount <= topic.PartitionCount)
            {
                return new TopicCreationResult(TopicCreationStatus.InvalidPartitions, topic, $"Topic '{name}' has {topic.PartitionCount} partitions; the new count must be larger (got {totalPartitionCount}).");
            }

            var view = _membership.Current;
            if (Check(view, totalPartitionCount - topic.PartitionCount, topic.ReplicationFactor) is { } error)
            {
                return error;
            }

            var assignments = ReplicaAssignment.Assign(view.ActiveSilos, totalPartitionCount - topic.PartitionCount, topic.ReplicationFactor, StartIndexFor(name) + topic.PartitionCount);
            var result = await _table.AddPartitionsAsync(name, assignments, topic.Version, cancellationToken).ConfigureAwait(false);
            if (result.Succeeded)
            {
                return new TopicCreationResult(TopicCreationStatus.Success, await _table.GetTopicAsync(name, cancellationToken).ConfigureAwait(false), null);
            }
        }

        return new TopicCreationResult(TopicCreationStatus.Conflict, null, $"Topic '{name}' kept changing concurrently.");
    }

    /// <summary>Deletes a topic and all its partition rows (retrying when its configs or partitions change concurrently).</summary>
    public async Task<TopicCreationResult> DeleteTopicAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var view = _membership.Current;
        if (!view.IsLocalController)
        {
            return new TopicCreationResult(TopicCreationStatus.NotController, null, $"Silo {view.LocalSiloId} is not the controller (controller: {view.ControllerSiloId}).");
        }

        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var topic = await _table.GetTopicAsync(name, cancellationToken).ConfigureAwait(false);
            if (topic is null)
            {
                return new TopicCreationResult(TopicCreationStatus.UnknownTopic, null, $"Topic '{name}' does not exist.");
            }

            var result = await _table.DeleteTopicAsync(name, topic.Version, cancellationToken).ConfigureAwait(false);
            if (result.Succeeded)
            {
                LogTopicDeleted(_logger, name);
                return new TopicCreationResult(TopicCreationStatus.Success, topic, null);
            }
        }

        return new TopicCreationResult(TopicCreationStatus.Conflict, null, $"Topic '{name}' kept changing concurrently.");
    }

    /// <summary>
    /// Re-elects leaders and shrinks ISRs for every partition given the active silos (level-triggered: safe to run any
    /// number of times). Returns how many partitions changed. Does nothing unless this silo is the controller.
    /// </summary>
    public async Task<int> ReconcileLeadersAsync(CancellationToken cancellationToken = default)
    {
        var view = _membership.Current;
        if (!view.IsLocalController)
        {
            return 0;
        }

        var live = view.ActiveSilos.Select(s => s.SiloId).ToHashSet();
        var changed = 0;
        foreach (var listed in await _table.ListPartitionsAsync(cancellationToken).ConfigureAwait(false))
        {
            var partition = listed;
            for (var attempt = 1; LeaderElection.Elect(partition, live) is { } next; attempt++)
            {
                var result = await _table.UpdatePartitionAsync(next, partition.PartitionEpoch, cancellationToken).ConfigureAwait(false);
                if (result.Succeeded)
                {
                    changed++;
                    LogLeaderElected(_logger, next.Topic, next.Partition, next.Leader, next.LeaderEpoch, string.Join(',', next.Isr));
                    break;
                }

                // The leader changed the ISR (or the topic went away) meanwhile: judge the fresh row again.
                if (result.Status != ClusterWriteStatus.VersionConflict || attempt >= MaxAttempts)
                {
                    break;
                }

                var fresh = (await _table.GetPartitionsAsync(partition.Topic, cancellationToken).ConfigureAwait(false))
                    .FirstOrDefault(p => p.Partition == partition.Partition);
                if (fresh is null)
                {
                    break;
                }

                partition = fresh;
            }
        }

        return changed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var view in _membership.WatchAsync(stoppingToken).ConfigureAwait(false))
            {
                if (!view.IsLocalController)
                {
                    continue;
                }

                try
                {
                    await ReconcileLeadersAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (ClusterTableException ex)
                {
                    LogReconcileFailed(_logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static TopicCreationResult? Check(ClusterMembershipView view, int partitionCount, short replicationFactor)
    {
        if (!view.IsLocalController)
        {
            return new TopicCreationResult(TopicCreationStatus.NotController, null, $"Silo {view.LocalSiloId} is not the controller (controller: {view.ControllerSiloId}).");
        }

        if (partitionCount < 1)
        {
            return new TopicCreationResult(TopicCreationStatus.InvalidPartitions, null, $"Number of partitions must be larger than 0 (got {partitionCount}).");
        }

        var active = view.ActiveSilos.Count;
        if (replicationFactor < 1 || replicationFactor > active)
        {
            return new TopicCreationResult(TopicCreationStatus.InvalidReplicationFactor, null, $"Replication factor must be between 1 and the {active} available silos (got {replicationFactor}).");
        }

        return null;
    }

    // A stable per-topic start spreads the leaders of many small topics over the silos without randomness in tests.
    private static int StartIndexFor(string name)
    {
        var hash = 17;
        foreach (var ch in name)
        {
            hash = unchecked((hash * 31) + ch);
        }

        return hash & 0x7FFF;
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Created topic {Topic} with {Partitions} partitions and replication factor {ReplicationFactor}")]
    private static partial void LogTopicCreated(ILogger logger, string topic, int partitions, short replicationFactor);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "Partition {Topic}-{Partition}: leader {Leader} epoch {LeaderEpoch}, ISR [{Isr}]")]
    private static partial void LogLeaderElected(ILogger logger, string topic, int partition, int leader, int leaderEpoch, string isr);

    [LoggerMessage(EventId = 203, Level = LogLevel.Information, Message = "Deleted topic {Topic}")]
    private static partial void LogTopicDeleted(ILogger logger, string topic);

    [LoggerMessage(EventId = 202, Level = LogLevel.Warning, Message = "Leader reconciliation failed; retrying on the next membership change")]
    private static partial void LogReconcileFailed(ILogger logger, Exception exception);
}
