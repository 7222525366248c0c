// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Cluster;
using Granary.Cluster.Controller;
using Granary.Cluster.Membership;
using Granary.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Granary.Grains.Topics;

/// <summary>
/// Topic administration over the cluster table: create (with validate-only), delete, add partitions and alter configs,
/// each answering with the Kafka error code a broker would. The cluster table is the source of truth; every change
/// bumps its metadata version, which <see cref="IClusterMetadata"/> watchers (the partition grains) observe, and a
/// change made here refreshes this silo's snapshot at once.
/// </summary>
public sealed partial class TopicService
{
    private const int MaxAttempts = 10;

    private readonly IClusterTable _table;
    private readonly IClusterMembership _membership;
    private readonly IClusterMetadata _metadata;
    private readonly ControllerService _controller;
    private readonly IPartitionLogRemover _remover;
    private readonly TopicConfigResolver _resolver;
    private readonly TopicOptions _options;
    private readonly ILogger _logger;

    public TopicService(
        IClusterTable table,
        IClusterMembership membership,
        IClusterMetadata metadata,
        ControllerService controller,
        IPartitionLogRemover remover,
        TopicConfigResolver resolver,
        IOptions<TopicOptions> options,
        ILogger<TopicService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _table = table;
        _membership = membership;
        _metadata = metadata;
        _controller = controller;
        _remover = remover;
        _resolver = resolver;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>The settings topics are created with.</summary>
    public TopicOptions Options => _options;

    /// <summary>Describes and resolves configs.</summary>
    public TopicConfigResolver Configs => _resolver;

    /// <summary>
    /// Creates a topic. <paramref name="partitions"/> or <paramref name="replicationFactor"/> of -1 take num.partitions
    /// and default.replication.factor. With <paramref name="validateOnly"/> every check runs and nothing is written.
    /// </summary>
    public async Task<TopicResult> CreateTopicAsync(
        string name,
        int partitions,
        short replicationFactor,
        IReadOnlyDictionary<string, string?>? configs = null,
        bool validateOnly = false,
        bool isInternal = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        partitions = partitions == -1 ? _options.NumPartitions : partitions;
        replicationFactor = replicationFactor == -1 ? _options.DefaultReplicationFactor : replicationFactor;
        if (TopicNameRules.Explain(name) is { } illegal)
        {
            return TopicResult.Fail(KafkaErrorCode.InvalidTopicException, illegal);
        }

        var existing = await _table.ListTopicsAsync(cancellationToken).ConfigureAwait(false);
        if (existing.Any(t => string.Equals(t.Name, name, StringComparison.Ordinal)))
        {
            return TopicResult.Fail(KafkaErrorCode.TopicAlreadyExists, $"Topic '{name}' already exists.");
        }

        var key = TopicNameRules.CollisionKey(name);
        if (existing.FirstOrDefault(t => TopicNameRules.CollisionKey(t.Name) == key) is { } colliding)
        {
            return TopicResult.Fail(KafkaErrorCode.InvalidTopicException,
                $"Topic '{name}' collides with existing topic: {colliding.Name}");
        }

        if (partitions < 1)
        {
            return TopicResult.Fail(KafkaErrorCode.InvalidPartitions, $"Number of partitions was set to an invalid non-positive value: {partitions}.");
        }

        var live = _membership.Current.ActiveSilos.Count;
        if (replicationFactor < 1)
        {
            return TopicResult.Fail(KafkaErrorCode.InvalidReplicationFactor, $"Replication factor must be larger than 0, or -1 to use the default value (got {replicationFactor}).");
        }

        if (replicationFactor > live)
        {
            return TopicResult.Fail(KafkaErrorCode.InvalidReplicationFactor,
                $"Unable to replicate the partition {replicationFactor} time(s): The target replication factor of {replicationFactor} cannot be reached because only {live} broker(s) are registered.");
        }

        var overrides = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (configName, value) in configs ?? new Dictionary<string, string?>())
        {
            if (TopicConfigCatalog.Check(configName, value) is { } error)
            {
                return TopicResult.Fail(KafkaErrorCode.InvalidConfig, error);
            }

            overrides[configName] = value!.Trim();
        }

        if (validateOnly)
        {
            return TopicResult.Ok(new TopicRecord(name, Guid.Empty, partitions, replicationFactor, overrides, isInternal, default, 0));
        }

        var created = await _controller.CreateTopicAsync(name, partitions, replicationFactor, overrides, isInternal, cancellationToken).ConfigureAwait(false);
        if (created.Succeeded)
        {
            LogCreated(name, partitions, replicationFactor);
            await _metadata.RefreshAsync(cancellationToken).ConfigureAwait(false);
        }

        return FromController(created);
    }

    /// <summary>
    /// Creates <paramref name="name"/> with the broker defaults if auto.create.topics.enable allows it and the name is
    /// legal and not reserved; returns the topic (existing or new) or why it is not there.
    /// </summary>
    public async Task<TopicResult> GetOrAutoCreateAsync(string name, bool allowAutoCreate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (await _table.GetTopicAsync(name, cancellationToken).ConfigureAwait(false) is { } topic)
        {
            return TopicResult.Ok(topic);
        }

        if (TopicNameRules.Explain(name) is { } illegal)
        {
            return TopicResult.Fail(KafkaErrorCode.InvalidTopicException, illegal);
        }

        if (!allowAutoCreate || !_options.AutoCreateTopicsEnable || TopicNameRules.IsReserved(name))
        {
            return TopicResult.Fail(KafkaErrorCode.UnknownTopicOrPartition, $"Topic '{name}' does not exist.");
        }

        var created = await CreateTopicAsync(name, -1, -1, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (created.Error == KafkaErrorCode.TopicAlreadyExists)
        {
            return await _table.GetTopicAsync(name, cancellationToken).ConfigureAwait(false) is { } raced
                ? TopicResult.Ok(raced)
                : TopicResult.Fail(KafkaErrorCode.LeaderNotAvailable, $"Topic '{name}' is being created.");
        }

        return created;
    }

    /// <summary>Deletes a topic by name and removes its local partition logs.</summary>
    public async Task<TopicResult> DeleteTopicAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!_options.DeleteTopicEnable)
        {
            return TopicResult.Fail(KafkaErrorCode.TopicDeletionDisabled, "Topic deletion is disabled (delete.topic.enable=false).");
        }

        var partitions = await _table.GetPartitionsAsync(name, cancellationToken).ConfigureAwait(false);
        var deleted = await _controller.DeleteTopicAsync(name, cancellationToken).ConfigureAwait(false);
        var result = FromController(deleted);
        if (result.Succeeded && deleted.Topic is { } topic)
        {
            LogDeleted(name);
            await _remover.RemoveAsync(topic, partitions, cancellationToken).ConfigureAwait(false);
            await _metadata.RefreshAsync(cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>Deletes a topic named by its id (DeleteTopics v6+).</summary>
    public async Task<TopicResult> DeleteTopicAsync(Guid topicId, CancellationToken cancellationToken = default)
    {
        var topic = (await _table.ListTopicsAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(t => t.TopicId == topicId);
        return topic is null
            ? TopicResult.Fail(KafkaErrorCode.UnknownTopicId, $"No topic with id {topicId}.")
            : await DeleteTopicAsync(topic.Name, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Grows a topic to <paramref name="totalCount"/> partitions (only increases are allowed).</summary>
    public async Task<TopicResult> CreatePartitionsAsync(string name, int totalCount, bool validateOnly = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var topic = await _table.GetTopicAsync(name, cancellationToken).ConfigureAwait(false);
        if (topic is null)
        {
            return TopicResult.Fail(KafkaErrorCode.UnknownTopicOrPartition, $"Topic '{name}' does not exist.");
        }

        if (totalCount <= topic.PartitionCount)
        {
            return TopicResult.Fail(KafkaErrorCode.InvalidPartitions, totalCount == topic.PartitionCount
                ? $"Topic already has {topic.PartitionCount} partitions."
                : $"Topic currently has {topic.PartitionCount} partitions, which is higher than the requested {totalCount}.");
        }

        var live = _membership.Current.ActiveSilos.Count;
        if (topic.ReplicationFactor > live)
        {
            return TopicResult.Fail(KafkaErrorCode.InvalidReplicationFactor,
                $"The replication factor {topic.ReplicationFactor} cannot be reached because only {live} broker(s) are registered.");
        }

        if (validateOnly)
        {
            return TopicResult.Ok(topic with { PartitionCount = totalCount });
        }

        var result = FromController(await _controller.CreatePartitionsAsync(name, totalCount, cancellationToken).ConfigureAwait(false));
        if (result.Succeeded)
        {
            LogPartitionsAdded(name, topic.PartitionCount, totalCount);
            await _metadata.RefreshAsync(cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>Replaces all of a topic's config overrides (AlterConfigs: keys not given revert to their defaults).</summary>
    public Task<TopicResult> AlterConfigsAsync(
        string name, IReadOnlyDictionary<string, string?> configs, bool validateOnly = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configs);
        return ChangeConfigsAsync(name, validateOnly, current =>
        {
            var changes = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var key in current.Keys)
            {
                changes[key] = null;
            }

            foreach (var (key, value) in configs)
            {
                if (TopicConfigCatalog.Check(key, value) is { } error)
                {
                    throw new TopicConfigException(error);
                }

                changes[key] = value!.Trim();
            }

            return changes;
        }, cancellationToken);
    }

    /// <summary>Applies SET/DELETE/APPEND/SUBTRACT changes to a topic's config overrides.</summary>
    public Task<TopicResult> IncrementalAlterConfigsAsync(
        string name, IReadOnlyList<ConfigAlteration> alterations, bool validateOnly = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alterations);
        if (alterations.GroupBy(a => a.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            return Task.FromResult(TopicResult.Fail(KafkaErrorCode.InvalidRequest, $"Error due to duplicate config keys: {duplicate.Key}"));
        }

        return ChangeConfigsAsync(name, validateOnly, current =>
        {
            var changes = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var alteration in alterations)
            {
                if (!TopicConfigCatalog.TryFind(alteration.Name, out var definition))
                {
                    throw new TopicConfigException($"Unknown topic config name: {alteration.Name}");
                }

                changes[alteration.Name] = alteration.Operation switch
                {
                    ConfigOperation.Set => Checked(alteration.Name, alteration.Value),
                    ConfigOperation.Delete => null,
                    ConfigOperation.Append or ConfigOperation.Subtract => Checked(alteration.Name, ApplyToList(definition, current, alteration)),
                    _ => throw new TopicConfigException($"Unknown config operation {(sbyte)alteration.Operation} for {alteration.Name}"),
                };
            }

            return changes;
        }, cancellationToken);
    }

    /// <summary>Describes a topic's configs (all when <paramref name="names"/> is null or empty).</summary>
    public async Task<(TopicResult Result, IReadOnlyList<TopicConfigEntry> Entries)> DescribeConfigsAsync(
        string name, IReadOnlyCollection<string>? names, CancellationToken cancellationToken = default)
    {
        var topic = await _table.GetTopicAsync(name, cancellationToken).ConfigureAwait(false);
        if (topic is null)
        {
            return (TopicResult.Fail(KafkaErrorCode.UnknownTopicOrPartition, $"Topic '{name}' does not exist."), []);
        }

        return (TopicResult.Ok(topic), _resolver.Describe(topic.Configs, names is { Count: > 0 } ? names : null));
    }

    private static string Checked(string name, string? value) =>
        TopicConfigCatalog.Check(name, value) is { } error ? throw new TopicConfigException(error) : value!.Trim();

    private string ApplyToList(TopicConfigDefinition definition, IReadOnlyDictionary<string, string> current, ConfigAlteration alteration)
    {
        if (definition.Type != TopicConfigType.List)
        {
            throw new TopicConfigException($"Config value append/subtract is not allowed for config key {definition.Name}, which is not a list");
        }

        var existing = (current.TryGetValue(definition.Name, out var own) ? own : _resolver.DefaultValue(definition))
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
        var values = (alteration.Value ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (alteration.Operation == ConfigOperation.Append)
        {
            existing.AddRange(values.Where(v => !existing.Contains(v)));
        }
        else
        {
            existing.RemoveAll(values.Contains);
        }

        return string.Join(',', existing);
    }

    private async Task<TopicResult> ChangeConfigsAsync(
        string name,
        bool validateOnly,
        Func<IReadOnlyDictionary<string, string>, Dictionary<string, string?>> plan,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var topic = await _table.GetTopicAsync(name, cancellationToken).ConfigureAwait(false);
            if (topic is null)
            {
                return TopicResult.Fail(KafkaErrorCode.UnknownTopicOrPartition, $"Topic '{name}' does not exist.");
            }

            Dictionary<string, string?> changes;
            try
            {
                changes = plan(topic.Configs);
            }
            catch (TopicConfigException ex)
            {
                return TopicResult.Fail(KafkaErrorCode.InvalidConfig, ex.Message);
            }

            if (validateOnly)
            {
                return TopicResult.Ok(topic);
            }

            var write = await _table.AlterTopicConfigsAsync(name, changes, topic.Version, cancellationToken).ConfigureAwait(false);
            if (write.Succeeded)
            {
                LogConfigsChanged(name, string.Join(", ", changes.Select(c => $"{c.Key}={c.Value ?? "<default>"}")));
                await _metadata.RefreshAsync(cancellationToken).ConfigureAwait(false);
                return TopicResult.Ok(await _table.GetTopicAsync(name, cancellationToken).ConfigureAwait(false));
            }

            if (write.Status == ClusterWriteStatus.NotFound)
            {
                return TopicResult.Fail(KafkaErrorCode.UnknownTopicOrPartition, $"Topic '{name}' does not exist.");
            }
        }

        return TopicResult.Fail(KafkaErrorCode.RequestTimedOut, $"Topic '{name}' kept changing concurrently; retry.");
    }

    private static TopicResult FromController(TopicCreationResult result) => result.Status switch
    {
        TopicCreationStatus.Success => TopicResult.Ok(result.Topic),
        TopicCreationStatus.TopicAlreadyExists => TopicResult.Fail(KafkaErrorCode.TopicAlreadyExists, result.ErrorMessage ?? "Topic already exists."),
        TopicCreationStatus.UnknownTopic => TopicResult.Fail(KafkaErrorCode.UnknownTopicOrPartition, result.ErrorMessage ?? "Unknown topic."),
        TopicCreationStatus.InvalidPartitions => TopicResult.Fail(KafkaErrorCode.InvalidPartitions, result.ErrorMessage ?? "Invalid partitions."),
        TopicCreationStatus.InvalidReplicationFactor => TopicResult.Fail(KafkaErrorCode.InvalidReplicationFactor, result.ErrorMessage ?? "Invalid replication factor."),
        TopicCreationStatus.NotController => TopicResult.Fail(KafkaErrorCode.NotController, result.ErrorMessage ?? "Not the controller."),
        _ => TopicResult.Fail(KafkaErrorCode.RequestTimedOut, result.ErrorMessage ?? "Concurrent changes; retry."),
    };

    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Created topic {Topic}: {Partitions} partitions, replication factor {ReplicationFactor}")]
    private partial void LogCreated(string topic, int partitions, short replicationFactor);

    [LoggerMessage(EventId = 401, Level = LogLevel.Information, Message = "Deleted topic {Topic}")]
    private partial void LogDeleted(string topic);

    [LoggerMessage(EventId = 402, Level = LogLevel.Information, Message = "Topic {Topic}: partitions {From} -> {To}")]
    private partial void LogPartitionsAdded(string topic, int from, int to);

    [LoggerMessage(EventId = 403, Level = LogLevel.Information, Message = "Topic {Topic}: configs changed ({Changes})")]
    private partial void LogConfigsChanged(string topic, string changes);
}
