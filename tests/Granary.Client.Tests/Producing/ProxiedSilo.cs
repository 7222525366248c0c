// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Cluster;
using Granary.Cluster.Sqlite;
using Granary.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Granary.Client.Tests.Producing;

/// <summary>An in-process silo that advertises a <see cref="TcpProxy"/>'s port, so every client connection goes through the proxy.</summary>
public sealed class ProxiedSilo : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _data;

    private ProxiedSilo(string data, WebApplication app, TcpProxy proxy)
    {
        _data = data;
        _app = app;
        Proxy = proxy;
    }

    public TcpProxy Proxy { get; }

    /// <summary>The proxy's address (what clients use).</summary>
    public string BootstrapServers => $"127.0.0.1:{Proxy.Port}";

    /// <summary>The silo's own address (bypasses the proxy; for reading back).</summary>
    public string DirectServers => $"127.0.0.1:{_app.Services.GetRequiredService<SiloEndpoint>().BoundPort}";

    /// <summary>
    /// A producer config for runs with connection cuts: small batches, quick reconnects and retries, and a message
    /// timeout long enough that every record must eventually land.
    /// </summary>
    public ProducerConfig CutTolerantProducerConfig(int batchNumMessages) => new()
    {
        BootstrapServers = BootstrapServers,
        LingerMs = 1,
        BatchNumMessages = batchNumMessages,
        MessageTimeoutMs = 120000,
        RetryBackoffMs = 20,
        ["reconnect.backoff.ms"] = "10",
        ["retry.backoff.max.ms"] = "200",
    };

    public static async Task<ProxiedSilo> StartAsync(string topic, int partitions)
    {
        var data = Path.Combine(Path.GetTempPath(), "granary-client-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        using (var table = await SqliteClusterTable.OpenAsync(new SqliteClusterTableOptions { DataDirectory = data, Pooling = false }))
        {
            var assignments = Enumerable.Range(0, partitions).Select(_ => (IReadOnlyList<int>)[0]).ToList();
            var result = await table.CreateTopicAsync(new NewTopic(topic, Guid.NewGuid(), 1, new Dictionary<string, string>(), false, assignments));
            Assert.Equal(ClusterWriteStatus.Success, result.Status);
        }

        var proxy = new TcpProxy();
        var builder = SiloHost.CreateBuilder(["--port", "0", "--data-dir", data, "--Logging:LogLevel:Default=Warning", $"--Listener:AdvertisedPort={proxy.Port}"]);
        var app = builder.Build();
        await app.StartAsync();
        proxy.TargetPort = app.Services.GetRequiredService<SiloEndpoint>().BoundPort;
        return new ProxiedSilo(data, app, proxy);
    }

    public async ValueTask DisposeAsync()
    {
        await Proxy.DisposeAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a background flush; the temp directory is cleaned up by the OS later.
        }
    }
}
