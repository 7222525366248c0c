// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Runtime.CompilerServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Granary.Cluster.Membership;

/// <summary>
/// Keeps the local silo's row in the cluster table: registers a new generation on start, heartbeats, competes for the
/// controller lease, and (as controller) declares silos dead whose heartbeat is older than the session timeout.
/// On stop it marks itself ShuttingDown, releases the lease and marks itself Dead.
/// </summary>
public sealed partial class SiloMembershipService : IHostedService, IClusterMembership, IAsyncDisposable
{
    private const int MaxWriteAttempts = 20;

    private readonly IClusterTable _table;
    private readonly ClusterMembershipOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly object _lock = new();
    private ClusterMembershipView _current;
    private TaskCompletionSource _changed = NewSignal();
    private readonly HeartbeatLoop _heartbeat;
    private long _generation;
    private bool _fenced;

    public SiloMembershipService(IClusterTable table, IOptions<ClusterMembershipOptions> options, TimeProvider timeProvider, ILogger<SiloMembershipService> logger)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Value.Validate();
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(nameof(ClusterMembershipOptions), typeof(ClusterMembershipOptions), errors);
        }

        _table = table;
        _options = options.Value;
        _time = timeProvider;
        _logger = logger;
        var empty = new MembershipSnapshot(-1, [], new ControllerLease(-1, 0, DateTimeOffset.MinValue, 0));
        _current = new ClusterMembershipView(empty, _options.SiloId, 0, _time.GetUtcNow(), false);

        // A failed tick is retried next interval: the store may come back (a lock released, a network blip); the
        // session timeout decides whether this silo was too slow.
        _heartbeat = new HeartbeatLoop(_options.HeartbeatInterval, _time, TickAsync, ex => LogTickFailed(_logger, _options.SiloId, ex));
    }

    public event EventHandler<ClusterMembershipView>? Changed;

    public int LocalSiloId => _options.SiloId;

    /// <summary>This incarnation's generation (0 before <see cref="JoinAsync"/>).</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public ClusterMembershipView Current
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
        await JoinAsync(cancellationToken).ConfigureAwait(false);
        _heartbeat.Start();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _heartbeat.StopAsync().ConfigureAwait(false);
        await LeaveAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _heartbeat.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Registers this silo with generation = previous generation + 1 and status Active, then runs one <see cref="TickAsync"/>.</summary>
    public async Task JoinAsync(CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var snapshot = await _table.ReadMembershipAsync(cancellationToken).ConfigureAwait(false);
            var previous = snapshot.Find(_options.SiloId);
            var now = _time.GetUtcNow();
            var generation = (previous?.Generation ?? 0) + 1;
            var row = new SiloRecord(_options.SiloId, _options.Host, _options.Port, generation, SiloStatus.Active, now, now, _options.Rack, previous?.Version ?? 0);
            var result = await _table.WriteSiloAsync(row, snapshot.TableVersion, cancellationToken).ConfigureAwait(false);
            if (result.Succeeded)
            {
                Interlocked.Exchange(ref _generation, generation);
                lock (_lock)
                {
                    _fenced = false;
                }

                LogJoined(_logger, _options.SiloId, generation, _options.Host, _options.Port);
                break;
            }

            ThrowIfTooManyConflicts(attempt, "register");
        }

        await TickAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// One membership round: heartbeat, acquire or renew the controller lease, declare stale silos dead when this silo
    /// is the controller, and refresh the view. The background loop calls this every heartbeat interval.
    /// </summary>
    public async Task TickAsync(CancellationToken cancellationToken = default)
    {
        var generation = Generation;
        if (generation == 0 || IsFenced)
        {
            return;
        }

        var heartbeat = await _table.HeartbeatAsync(_options.SiloId, generation, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (!heartbeat.Succeeded)
        {
            lock (_lock)
            {
                _fenced = true;
            }

            LogFenced(_logger, _options.SiloId, generation, heartbeat.Status);
            await RefreshAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        var wasController = Current.IsLocalController;
        var lease = await _table.TryAcquireControllerLeaseAsync(_options.SiloId, generation, _options.SessionTimeout, cancellationToken).ConfigureAwait(false);
        if (lease.Acquired && !wasController)
        {
            LogBecameController(_logger, _options.SiloId, generation, lease.Lease.Epoch);
        }
        else if (!lease.Acquired && wasController)
        {
            LogLostController(_logger, _options.SiloId, lease.Lease.HolderSiloId, lease.Lease.Epoch);
        }

        if (lease.Acquired)
        {
            await DeclareStaleSilosDeadAsync(cancellationToken).ConfigureAwait(false);
        }

        await RefreshAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Marks this silo ShuttingDown, releases the controller lease if held, then marks it Dead.</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken = default)
    {
        var generation = Generation;
        if (generation == 0 || IsFenced)
        {
            return;
        }

        if (await SetOwnStatusAsync(generation, SiloStatus.ShuttingDown, cancellationToken).ConfigureAwait(false))
        {
            await _table.ReleaseControllerLeaseAsync(_options.SiloId, generation, cancellationToken).ConfigureAwait(false);
            await SetOwnStatusAsync(generation, SiloStatus.Dead, cancellationToken).ConfigureAwait(false);
            LogLeft(_logger, _options.SiloId, generation);
        }

        await RefreshAsync(cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<ClusterMembershipView> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ClusterMembershipView? last = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            Task signal;
            ClusterMembershipView current;
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

    private bool IsFenced
    {
        get
        {
            lock (_lock)
            {
                return _fenced;
            }
        }
    }

    private async Task DeclareStaleSilosDeadAsync(CancellationToken cancellationToken)
    {
        var snapshot = await _table.ReadMembershipAsync(cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var tableVersion = snapshot.TableVersion;
        foreach (var silo in snapshot.Silos)
        {
            if (silo.SiloId == _options.SiloId || !silo.IsAlive || now - silo.HeartbeatTime <= _options.SessionTimeout)
            {
                continue;
            }

            var result = await _table.WriteSiloAsync(silo with { Status = SiloStatus.Dead }, tableVersion, cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                // Someone else changed membership meanwhile (a silo rejoined, another controller acted); re-judge next round.
                return;
            }

            tableVersion++;
            LogDeclaredDead(_logger, silo.SiloId, silo.Generation, now - silo.HeartbeatTime);
        }
    }

    private async Task<bool> SetOwnStatusAsync(long generation, SiloStatus status, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var snapshot = await _table.ReadMembershipAsync(cancellationToken).ConfigureAwait(false);
            var own = snapshot.Find(_options.SiloId);
            if (own is null || own.Generation != generation || own.Status == SiloStatus.Dead)
            {
                return false;
            }

            var result = await _table.WriteSiloAsync(own with { Status = status, HeartbeatTime = _time.GetUtcNow() }, snapshot.TableVersion, cancellationToken).ConfigureAwait(false);
            if (result.Succeeded)
            {
                return true;
            }

            ThrowIfTooManyConflicts(attempt, $"mark itself {status}");
        }
    }

    private void ThrowIfTooManyConflicts(int attempt, string what)
    {
        if (attempt >= MaxWriteAttempts)
        {
            throw new ClusterTableException($"Silo {_options.SiloId} could not {what}: {attempt} compare-and-set conflicts in a row.");
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var snapshot = await _table.ReadMembershipAsync(cancellationToken).ConfigureAwait(false);
        ClusterMembershipView view;
        lock (_lock)
        {
            view = new ClusterMembershipView(snapshot, _options.SiloId, Generation, _time.GetUtcNow(), _fenced);
            var previous = _current;
            var changed = previous.TableVersion != view.TableVersion
                || previous.Snapshot.Lease.HolderSiloId != view.Snapshot.Lease.HolderSiloId
                || previous.ControllerEpoch != view.ControllerEpoch
                || previous.ControllerSiloId != view.ControllerSiloId
                || previous.IsLocalController != view.IsLocalController
                || previous.IsFenced != view.IsFenced
                || previous.LocalGeneration != view.LocalGeneration;
            _current = view;
            if (!changed)
            {
                return;
            }

            _changed.TrySetResult();
            _changed = NewSignal();
        }

        try
        {
            Changed?.Invoke(this, view);
        }
#pragma warning disable CA1031 // A faulty subscriber must not stop heartbeats.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogSubscriberFailed(_logger, ex);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Silo {SiloId} joined the cluster with generation {Generation} at {Host}:{Port}")]
    private static partial void LogJoined(ILogger logger, int siloId, long generation, string host, int port);

    [LoggerMessage(EventId = 101, Level = LogLevel.Critical, Message = "Silo {SiloId} generation {Generation} was fenced ({Status}): it was declared dead or replaced by a newer generation")]
    private static partial void LogFenced(ILogger logger, int siloId, long generation, ClusterWriteStatus status);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Silo {SiloId} generation {Generation} became the controller with epoch {Epoch}")]
    private static partial void LogBecameController(ILogger logger, int siloId, long generation, long epoch);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Silo {SiloId} lost the controller lease to silo {Holder} (epoch {Epoch})")]
    private static partial void LogLostController(ILogger logger, int siloId, int holder, long epoch);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "Declared silo {SiloId} generation {Generation} dead: no heartbeat for {Silence}")]
    private static partial void LogDeclaredDead(ILogger logger, int siloId, long generation, TimeSpan silence);

    [LoggerMessage(EventId = 105, Level = LogLevel.Information, Message = "Silo {SiloId} generation {Generation} left the cluster")]
    private static partial void LogLeft(ILogger logger, int siloId, long generation);

    [LoggerMessage(EventId = 106, Level = LogLevel.Warning, Message = "Membership round of silo {SiloId} failed; retrying next heartbeat")]
    private static partial void LogTickFailed(ILogger logger, int siloId, Exception exception);

    [LoggerMessage(EventId = 107, Level = LogLevel.Error, Message = "A membership change subscriber threw")]
    private static partial void LogSubscriberFailed(ILogger logger, Exception exception);
}
