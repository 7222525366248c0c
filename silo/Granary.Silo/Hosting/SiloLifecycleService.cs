// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Silo.Configuration;
using Microsoft.Extensions.Options;

namespace Granary.Silo.Hosting;

/// <summary>Prepares the data directory and logs the lines operators (and the process tests) look for.</summary>
internal sealed partial class SiloLifecycleService : IHostedLifecycleService
{
    private readonly BrokerOptions _broker;
    private readonly SiloEndpoint _endpoint;
    private readonly ILogger<SiloLifecycleService> _logger;

    public SiloLifecycleService(IOptions<BrokerOptions> broker, SiloEndpoint endpoint, ILogger<SiloLifecycleService> logger)
    {
        _broker = broker.Value;
        _endpoint = endpoint;
        _logger = logger;
    }

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_broker.DataDirectory);
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        LogStarted(_broker.NodeId, _endpoint.ToString(), Path.GetFullPath(_broker.DataDirectory));
        return Task.CompletedTask;
    }

    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        LogStopping(_broker.NodeId);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        LogStopped(_broker.NodeId);
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Granary silo {NodeId} listening on {Endpoint}, data in {DataDirectory}")]
    private partial void LogStarted(int nodeId, string endpoint, string dataDirectory);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Granary silo {NodeId} stopping")]
    private partial void LogStopping(int nodeId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Granary silo {NodeId} stopped")]
    private partial void LogStopped(int nodeId);
}
