// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Runtime.CompilerServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Granary.Cluster.Membership;

/// <summary>
/// Polls the cluster table's metadata version every heartbeat interval and, when it moved, reads all topics and
/// partition states in one consistent read. This is how silos learn the roles the controller gave them.
/// </summary>
public sealed partial class ClusterMetadataService : IHostedService, IClusterMetadata, IAsyncDisposable
{
    private readonly IClusterTable _table;
    private readonly ClusterMembershipOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly object _lock = new();
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private ClusterMetadataSnapshot _current = ClusterMetadataSnapshot.Empty;
    private TaskCompletionSource _changed = NewSignal();
    private readonly HeartbeatLoop _heartbeat;

    public ClusterMetadataService(IClusterTable table, IOptions<ClusterMembershipOptions> options, TimeProvider timeProvider, ILogger<ClusterMetadataService> logger)
    {
        _table = table;
        _options = options.Value;
        _time = timeProvider;
        _logger = logger;
        _heartbeat = new HeartbeatLoop(_options.HeartbeatInterval, _time, ct => RefreshAsync(ct), ex => LogRefreshFailed(_logger, ex));
    }

    public event EventHandler<ClusterMetadataSnapshot>? Changed;

    public ClusterMetadataSnapshot Current
    {
        get
        {
            lock (_lock)
            {
                return _current;
            }
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        _heartbeat.Start();
    }

    public Task StopAsync(CancellationToken cancellationToken) => _heartbeat.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _heartbeat.DisposeAsync().ConfigureAwait(false);
        _refresh.Dispose();
    }

    public async Task<ClusterMetadataSnapshot> RefreshAsync(CancellationToken cancellationToken = default)
    {
        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = Current;
            var version = await _table.GetMetadataVersionAsync(cancellationToken).ConfigureAwait(false);
            if (version == current.Version)
            {
                return current;
            }

            var snapshot = await _table.ReadMetadataAsync(cancellationToken).ConfigureAwait(false);
            lock (_lock)
            {
                _current = snapshot;
                _changed.TrySetResult();
                _changed = NewSignal();
            }

            LogMetadataChanged(_logger, snapshot.Version, snapshot.Topics.Count, snapshot.Partitions.Count);
            try
            {
                Changed?.Invoke(this, snapshot);
            }
#pragma warning disable CA1031 // A faulty subscriber must not stop metadata refreshes.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogSubscriberFailed(_logger, ex);
            }

            return snapshot;
        }
        finally
        {
            _refresh.Release();
        }
    }

    public async IAsyncEnumerable<ClusterMetadataSnapshot> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ClusterMetadataSnapshot? last = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            Task signal;
            ClusterMetadataSnapshot current;
            lock (_lock)
            {
                signal = _changed.Task;
                current = _current;
            }

            if (!ReferenceEquals(current, last))
            {
                last = current;
                yield return current;
                continue;
            }

            try
            {
                await signal.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(EventId = 150, Level = LogLevel.Debug, Message = "Cluster metadata version {Version}: {Topics} topics, {Partitions} partitions")]
    private static partial void LogMetadataChanged(ILogger logger, long version, int topics, int partitions);

    [LoggerMessage(EventId = 151, Level = LogLevel.Warning, Message = "Reading cluster metadata failed; retrying next interval")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 152, Level = LogLevel.Error, Message = "A cluster metadata subscriber threw")]
    private static partial void LogSubscriberFailed(ILogger logger, Exception exception);
}
