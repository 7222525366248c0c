// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Grains.ConsumerGroups;
using Granary.Grains.Partitions;
using Granary.Runtime;
using Granary.Runtime.Hosting;
using Granary.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Granary.Grains.Tests.ConsumerGroups;

/// <summary>
/// A real grain runtime with real partition grains over a real LogManager in a temp directory: group grains store
/// their records in a real <c>__consumer_offsets</c> log. Restarting stops every grain and reopens the logs.
/// </summary>
internal sealed class GroupGrainHarness : IAsyncDisposable
{
    public const int OffsetsPartitions = 3;
    private readonly Action<ConsumerGroupOptions> _configure;
    private ServiceProvider? _services;
    private LogManager? _logs;

    private GroupGrainHarness(Action<ConsumerGroupOptions> configure) => _configure = configure;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "granary-groups-" + Guid.NewGuid().ToString("N"));

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000), fakeTimers: false);

    public OffsetsTopicDirectory Directory { get; } = new();

    public GrainRuntime Runtime => _services!.GetRequiredService<GrainRuntime>();

    public static async Task<GroupGrainHarness> StartAsync(Action<ConsumerGroupOptions>? configure = null)
    {
        var harness = new GroupGrainHarness(configure ?? (_ => { }));
        System.IO.Directory.CreateDirectory(harness.DataDirectory);
        await harness.OpenAsync();
        return harness;
    }

    public GrainReference<IConsumerGroupGrain> Group(string groupId) => Runtime.GetConsumerGroupGrain(groupId);

    public async Task RestartAsync()
    {
        await StopAsync();
        await OpenAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            System.IO.Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task OpenAsync()
    {
        _logs = await LogManager.OpenAsync(new StorageOptions { DataDirectory = DataDirectory }, timeProvider: Clock, startBackgroundTasks: false);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton(_logs);
        services.AddSingleton<IPartitionDirectory>(Directory);
        services.AddSingleton<IOffsetsTopicProvisioner>(Directory);
        services.AddLogging();
        services.AddGrainRuntime();
        services.AddPartitionGrains();
        services.AddConsumerGroupGrains(options =>
        {
            options.GroupInitialRebalanceDelayMs = 0;
            options.OffsetsTopicNumPartitions = OffsetsPartitions;
            _configure(options);
        });
        _services = services.BuildServiceProvider();
    }

    private async Task StopAsync()
    {
        if (_services is not null)
        {
            await _services.GetRequiredService<GrainRuntime>().StopAsync();
            await _services.DisposeAsync();
            _services = null;
        }

        if (_logs is not null)
        {
            await _logs.CloseAsync();
            _logs = null;
        }
    }
}

/// <summary>
/// Stands in for the cluster table: <c>__consumer_offsets</c> exists (compacted) once a group grain asked for it.
/// </summary>
internal sealed class OffsetsTopicDirectory : IPartitionDirectory, IOffsetsTopicProvisioner
{
    private readonly PartitionPlacement _placement = new(Guid.NewGuid(), LogConfig.Default with { CleanupPolicy = CleanupPolicy.Compact });
    private volatile bool _created;

    public int ProvisionCalls { get; private set; }

    public ValueTask<PartitionPlacement?> FindAsync(string topic, int partition, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_created && topic == IOffsetsTopicProvisioner.TopicName && partition is >= 0 and < GroupGrainHarness.OffsetsPartitions
            ? _placement
            : null);

    public Task<bool> EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        ProvisionCalls++;
        _created = true;
        return Task.FromResult(true);
    }
}
