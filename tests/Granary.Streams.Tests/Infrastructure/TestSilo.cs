// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Cluster;
using Granary.Cluster.Sqlite;
using Granary.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Granary.Streams.Tests.Infrastructure;

/// <summary>A real silo hosted in the test process on a free port, with its own temp data directory.</summary>
public sealed class TestSilo : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestSilo(string dataDirectory, WebApplication app)
    {
        DataDirectory = dataDirectory;
        _app = app;
    }

    public string DataDirectory { get; }

    public int Port => _app.Services.GetRequiredService<SiloEndpoint>().BoundPort;

    public string BootstrapServers => $"127.0.0.1:{Port}";

    /// <summary>Starts a silo after creating <paramref name="topics"/> (name, partition count) in its cluster table.</summary>
    public static async Task<TestSilo> StartAsync(params (string Name, int Partitions)[] topics)
    {
        var data = Path.Combine(Path.GetTempPath(), "granary-streams-" + Guid.NewGuid().ToString("N"));
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

        var builder = SiloHost.CreateBuilder(["--port", "0", "--data-dir", data, "--Logging:LogLevel:Default=Warning"]);
        var app = builder.Build();
        await app.StartAsync();
        return new TestSilo(data, app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
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
