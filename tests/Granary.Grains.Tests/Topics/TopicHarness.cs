// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Cluster.Controller;
using Granary.Cluster.Membership;
using Granary.Cluster.Sqlite;
using Granary.Grains.Topics;
using Granary.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Granary.Grains.Tests.Topics;

/// <summary>A one-silo cluster on a real SQLite cluster table and a real LogManager, in a temp directory.</summary>
internal sealed class TopicHarness : IAsyncDisposable
{
    private readonly string _path;

    private TopicHarness(string path, SqliteClusterTable table, SiloMembershipService membership, ClusterMetadataService metadata, LogManager logs, TopicService topics, TopicConfigWatcher watcher)
    {
        _path = path;
        Table = table;
        Membership = membership;
        Metadata = metadata;
        Logs = logs;
        Topics = topics;
        Watcher = watcher;
    }

    public SqliteClusterTable Table { get; }

    public SiloMembershipService Membership { get; }

    public ClusterMetadataService Metadata { get; }

    public LogManager Logs { get; }

    public TopicService Topics { get; }

    public TopicConfigWatcher Watcher { get; }

    public string DataDirectory => Path.Combine(_path, "data");

    public static async Task<TopicHarness> StartAsync(Action<TopicOptions>? configure = null)
    {
        var path = Path.Combine(Path.GetTempPath(), "granary-topics-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), fakeTimers: false);
        var table = new SqliteClusterTable(new SqliteClusterTableOptions { DataDirectory = path, Pooling = false }, time);
        var membershipOptions = Options.Create(new ClusterMembershipOptions { SiloId = 1 });
        var membership = new SiloMembershipService(table, membershipOptions, time, NullLogger<SiloMembershipService>.Instance);
        await membership.JoinAsync();
        var metadata = new ClusterMetadataService(table, membershipOptions, time, NullLogger<ClusterMetadataService>.Instance);
        var controller = new ControllerService(table, membership, NullLogger<ControllerService>.Instance);
        var logs = await LogManager.OpenAsync(new StorageOptions { DataDirectory = Path.Combine(path, "data") }, startBackgroundTasks: false);
        var options = new TopicOptions();
        configure?.Invoke(options);
        options.Validate();
        var resolver = new TopicConfigResolver(Options.Create(options));
        var topics = new TopicService(
            table, membership, metadata, controller, new LogManagerPartitionLogRemover(() => logs), resolver, Options.Create(options),
            NullLogger<TopicService>.Instance);
        var watcher = new TopicConfigWatcher(metadata, resolver, () => logs, NullLogger<TopicConfigWatcher>.Instance);
        return new TopicHarness(path, table, membership, metadata, logs, topics, watcher);
    }

    public async ValueTask DisposeAsync()
    {
        await Logs.DisposeAsync();
        await Metadata.DisposeAsync();
        Table.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_path, recursive: true);
        }
        catch (IOException)
        {
            // The OS temp cleaner gets whatever is still held open.
        }
    }
}
