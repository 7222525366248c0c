// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Granary.Client.Tests.Admin;

/// <summary>
/// A real in-process silo shared by one test class. Groups rebalance at once (group.initial.rebalance.delay.ms=0)
/// and the offsets topic has few partitions, so group tests do not wait on broker defaults meant for production.
/// </summary>
public sealed class AdminSilo : IAsyncLifetime, IAsyncDisposable
{
    private WebApplication? _app;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "granary-admin-" + Guid.NewGuid().ToString("N"));

    public string BootstrapServers => $"127.0.0.1:{_app!.Services.GetRequiredService<SiloEndpoint>().BoundPort}";

    public IAdminClient CreateAdmin(TimeSpan? requestTimeout = null) =>
        new AdminClientBuilder(new AdminClientConfig
        {
            BootstrapServers = BootstrapServers,
            ClientId = "admin-tests",
            SocketTimeoutMs = (int)(requestTimeout ?? TimeSpan.FromSeconds(20)).TotalMilliseconds,
        }).Build();

    /// <summary>A silo of its own for one test, with <paramref name="configure"/> applied to its services (e.g. to replace a handler).</summary>
    public static async Task<AdminSilo> StartAsync(Action<IServiceCollection> configure)
    {
        var silo = new AdminSilo();
        await silo.StartCoreAsync(configure);
        return silo;
    }

    public Task InitializeAsync() => StartCoreAsync(_ => { });

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    private async Task StartCoreAsync(Action<IServiceCollection> configure)
    {
        Directory.CreateDirectory(DataDirectory);
        var builder = SiloHost.CreateBuilder(
        [
            "--port", "0", "--data-dir", DataDirectory, "--Logging:LogLevel:Default=Warning",
            "--override", "group.initial.rebalance.delay.ms=0",
            "--override", "offsets.topic.num.partitions=2",
            "--override", "num.partitions=4",
        ]);
        configure(builder.Services);
        _app = builder.Build();
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

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
