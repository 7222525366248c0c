// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Cluster;
using Granary.Cluster.Membership;
using Granary.Grains.Partitions;
using Granary.Runtime;
using Granary.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Granary.Grains.Topics;

/// <summary>
/// The grain of one topic: the Kafka topic APIs (Metadata per topic, CreateTopics, DeleteTopics, configs,
/// CreatePartitions) reach the topic through it. The cluster table stays the source of truth (changes are
/// compare-and-set writes made by <see cref="TopicService"/>, which only the controller silo may make: elsewhere
/// they answer NOT_CONTROLLER); the grain caches the topic's row, serializes the changes made on this silo, and after
/// each one pushes the new configs to the partition grains whose logs are open here (idle partitions read them when
/// they next activate). Other silos' changes reach open logs through <see cref="TopicConfigWatcher"/>.
/// </summary>
[GrainType("topic")]
public sealed partial class TopicGrain : Grain, ITopicGrain
{
    private readonly IClusterTable _table;
    private readonly IClusterMetadata _metadata;
    private readonly TopicService _topics;
    private readonly IServiceProvider _services;
    private readonly ILogger<TopicGrain> _logger;
    private TopicRecord? _record;
    private long _loadedVersion = long.MinValue;

    public TopicGrain(IClusterTable table, IClusterMetadata metadata, TopicService topics, IServiceProvider services, ILogger<TopicGrain> logger)
    {
        _table = table;
        _metadata = metadata;
        _topics = topics;
        _services = services;
        _logger = logger;
    }

    private string Name => GrainId.Key;

    public override Task OnActivateAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<TopicRecord?> GetAsync()
    {
        await EnsureCurrentAsync().ConfigureAwait(false);
        return _record;
    }

    public async Task<(TopicResult Result, IReadOnlyList<TopicConfigEntry> Entries)> DescribeConfigsAsync(IReadOnlyCollection<string>? names)
    {
        await EnsureCurrentAsync().ConfigureAwait(false);
        return _record is null
            ? (TopicResult.Fail(Protocol.KafkaErrorCode.UnknownTopicOrPartition, $"Topic '{Name}' does not exist."), [])
            : (TopicResult.Ok(_record), _topics.Configs.Describe(_record.Configs, names is { Count: > 0 } ? names : null));
    }

    public Task<TopicResult> AlterConfigsAsync(IReadOnlyDictionary<string, string?> configs, bool validateOnly) =>
        ChangeAsync(validateOnly, () => _topics.AlterConfigsAsync(Name, configs, validateOnly));

    public Task<TopicResult> IncrementalAlterConfigsAsync(IReadOnlyList<ConfigAlteration> alterations, bool validateOnly) =>
        ChangeAsync(validateOnly, () => _topics.IncrementalAlterConfigsAsync(Name, alterations, validateOnly));

    public Task<TopicResult> CreatePartitionsAsync(int totalCount, bool validateOnly) =>
        ChangeAsync(validateOnly, () => _topics.CreatePartitionsAsync(Name, totalCount, validateOnly));

    public async Task<TopicDescription> DescribeAsync(bool allowAutoCreate)
    {
        await EnsureCurrentAsync().ConfigureAwait(false);
        var result = _record is { } known ? TopicResult.Ok(known) : await _topics.GetOrAutoCreateAsync(Name, allowAutoCreate).ConfigureAwait(false);
        if (!result.Succeeded || result.Topic is null)
        {
            return new TopicDescription(result, []);
        }

        if (_record is null)
        {
            await LoadAsync(CancellationToken.None).ConfigureAwait(false);
        }

        return new TopicDescription(result, await _table.GetPartitionsAsync(Name).ConfigureAwait(false));
    }

    public async Task<TopicResult> CreateAsync(int partitions, short replicationFactor, IReadOnlyDictionary<string, string?> configs, bool validateOnly)
    {
        var result = await _topics.CreateTopicAsync(Name, partitions, replicationFactor, configs, validateOnly).ConfigureAwait(false);
        if (result.Succeeded && !validateOnly)
        {
            await LoadAsync(CancellationToken.None).ConfigureAwait(false);
        }

        return result;
    }

    public async Task<TopicResult> DeleteAsync()
    {
        var result = await _topics.DeleteTopicAsync(Name).ConfigureAwait(false);
        if (result.Succeeded)
        {
            await LoadAsync(CancellationToken.None).ConfigureAwait(false);
        }

        return result;
    }

    private async Task<TopicResult> ChangeAsync(bool validateOnly, Func<Task<TopicResult>> change)
    {
        var result = await change().ConfigureAwait(false);
        if (!result.Succeeded || validateOnly)
        {
            return result;
        }

        await LoadAsync(CancellationToken.None).ConfigureAwait(false);
        await PushToOpenPartitionsAsync().ConfigureAwait(false);
        return result;
    }

    private async Task EnsureCurrentAsync()
    {
        if (_metadata.Current.Version != _loadedVersion)
        {
            await LoadAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        // The version is taken first: a change landing during the read makes the next call read again.
        var version = _metadata.Current.Version;
        _record = await _table.GetTopicAsync(Name, cancellationToken).ConfigureAwait(false);
        _loadedVersion = version;
    }

    /// <summary>Each partition whose log is open here re-reads its placement (and with it the new log config).</summary>
    private async Task PushToOpenPartitionsAsync()
    {
        if (_record is null || _services.GetService<LogManager>() is not { } logs)
        {
            return;
        }

        for (var partition = 0; partition < _record.PartitionCount; partition++)
        {
            if (logs.Get(new Storage.TopicPartition(Name, partition)) is null)
            {
                continue;
            }

            await GrainFactory.GetPartitionGrain(Name, partition).InvokeAsync(static g => g.RefreshConfigAsync()).ConfigureAwait(false);
            LogPushed(Name, partition);
        }
    }

    [LoggerMessage(EventId = 420, Level = LogLevel.Debug, Message = "Pushed the configs of topic {Topic} to partition {Partition}")]
    private partial void LogPushed(string topic, int partition);
}
