// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Cluster;
using Granary.Cluster.Sqlite;
using Granary.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Granary.Client.Tests.Consuming;

/// <summary>
/// An in-process silo for consumer tests: no initial rebalance delay and short minimum session timeouts, so group
/// tests settle in well under a second; it can stop and start again on the same data directory.
/// </summary>
public sealed class GroupTestSilo : IAsyncDisposable
{
    private readonly string[] _overrides;
    private WebApplication? _app;

    private GroupTestSilo(string dataDirectory, string[] overrides)
    {
        DataDirectory = dataDirectory;
        _overrides = overrides;
    }

    public string DataDirectory { get; }

    public string BootstrapServers => $"127.0.0.1:{_app!.Services.GetRequiredService<SiloEndpoint>().BoundPort}";

    /// <summary>The running silo's services (e.g. its fetch-session cache).</summary>
    public IServiceProvider Services => _app!.Services;

    public static Task<GroupTestSilo> StartAsync(params (string Name, int Partitions)[] topics) => StartAsync([], topics);

    /// <summary>Starts a silo with extra broker settings (<c>key=value</c>, as <c>--override</c> takes them).</summary>
    public static async Task<GroupTestSilo> StartAsync(string[] overrides, params (string Name, int Partitions)[] topics)
    {
        var data = Path.Combine(Path.GetTempPath(), "granary-consumer-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        using (var table = await SqliteClusterTable.OpenAsync(new SqliteClusterTableOptions { DataDirectory = data, Pooling = false }))
        {
            foreach (var (name, partitions) in topics)
            {
                var assignments = Enumerable.Range(0, partitions).Select(_ => (IReadOnlyList<int>)[0]).ToList();
                var result = await table.CreateTopicAsync(new NewTopic(name, Guid.NewGuid(), 1, new Dictionary<string, string>(), false, assignments));
                if (result.Status != ClusterWriteStatus.Success)
                {
                    throw new InvalidOperationException($"Topic {name} was not created: {result.Status}");
                }
            }
        }

        var silo = new GroupTestSilo(data, overrides);
        await silo.StartAgainAsync();
        return silo;
    }

    /// <summary>Starts the silo (again) on the same data directory; the port changes.</summary>
    public async Task StartAgainAsync()
    {
        var builder = SiloHost.CreateBuilder([
            "--port", "0", "--data-dir", DataDirectory, "--Logging:LogLevel:Default=Warning",
            "--override", "group.initial.rebalance.delay.ms=0",
            "--override", "group.min.session.timeout.ms=100",
            .. _overrides.SelectMany(o => new[] { "--override", o }),
        ]);
        _app = builder.Build();
        await _app.StartAsync();
    }

    public async Task StopAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a background flush; the temp directory is cleaned up by the OS later.
        }
    }
}
