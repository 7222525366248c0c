// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Granary.IntegrationTests.Infrastructure;

/// <summary>A silo hosted in the test process on a free port, with its data in a temp directory.</summary>
public sealed class InProcessSilo : IAsyncDisposable
{
    private readonly TempDirectory _data;
    private readonly WebApplication _app;

    private InProcessSilo(TempDirectory data, WebApplication app)
    {
        _data = data;
        _app = app;
    }

    public int Port => _app.Services.GetRequiredService<SiloEndpoint>().BoundPort;

    public IServiceProvider Services => _app.Services;

    public string DataDirectory => _data.Path;

    /// <summary>Starts a silo; <paramref name="configureServices"/> may register extra handlers before the host is built.</summary>
    public static async Task<InProcessSilo> StartAsync(IEnumerable<string>? extraArgs = null, Action<IServiceCollection>? configureServices = null)
    {
        var data = new TempDirectory();
        string[] args = ["--port", "0", "--data-dir", data.Path, "--Logging:LogLevel:Default=Warning", .. extraArgs ?? []];
        var builder = SiloHost.CreateBuilder(args);
        configureServices?.Invoke(builder.Services);
        var app = builder.Build();
        await app.StartAsync();
        return new InProcessSilo(data, app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _data.Dispose();
    }
}
