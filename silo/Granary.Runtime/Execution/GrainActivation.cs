// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Runtime.CompilerServices;
using Granary.Runtime.Diagnostics;
using Granary.Runtime.Timers;
using Microsoft.Extensions.DependencyInjection;

namespace Granary.Runtime.Execution;

/// <summary>
/// One activation of one grain: its instance, DI scope, timers and mailbox. Turns are queued FIFO and each is handed to
/// the thread pool when it may run; an exclusive turn waits until nothing else runs and holds the activation until its
/// task completes, so awaits inside it let nothing else in.
/// </summary>
internal sealed class GrainActivation : IGrainContext
{
    private readonly GrainRuntime _runtime;
    private readonly GrainTypeRegistration _registration;
    private readonly Lock _gate = new();
    private readonly Queue<Turn> _queue = new();
    private readonly TaskCompletionSource _deactivated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ActivationState _state = ActivationState.Activating;
    private int _running;
    private bool _exclusiveRunning;
    private bool _deactivationRequested;
    private bool _deactivationTurnStarted;
    private DeactivationReason _deactivationReason;
    private long _lastActivity;
    private long _keepAliveUntil;
    private List<GrainTimer>? _timers;
    private AsyncServiceScope? _scope;
    private Grain? _instance;

    public GrainActivation(GrainRuntime runtime, GrainTypeRegistration registration, GrainId grainId)
    {
        _runtime = runtime;
        _registration = registration;
        GrainId = grainId;
    }

    public GrainId GrainId { get; }

    public IGrainFactory GrainFactory => _runtime;

    public IServiceProvider ActivationServices =>
        _scope?.ServiceProvider ?? throw new InvalidOperationException("The activation has no service scope yet.");

    /// <summary>The grain instance; only read by turns, which run after activation created it.</summary>
    public Grain Instance => _instance!;

    /// <summary>Completes when the activation has been removed from the table.</summary>
    public Task Deactivated => _deactivated.Task;

    public int QueueLength
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Starts the activation turn; called once, by the caller that won the race to insert this activation.</summary>
    public void Activate()
    {
        lock (_gate)
        {
            _lastActivity = _runtime.TimeProvider.GetTimestamp();
            StartLocked(new ActivationTurn());
        }
    }

    /// <summary>
    /// Queues a turn. False only when the activation is gone (the caller looks it up again); turns arriving while it
    /// deactivates wait and are forwarded to the next activation.
    /// </summary>
    public bool Enqueue(Turn turn)
    {
        lock (_gate)
        {
            switch (_state)
            {
                case ActivationState.Deactivated:
                    return false;
                case ActivationState.Deactivating:
                    if (!turn.IsActivationBound)
                    {
                        _queue.Enqueue(turn);
                    }

                    return true;
                case ActivationState.Active when turn.Kind == TurnKind.Interleave:
                    StartLocked(turn);
                    return true;
                case ActivationState.Active:
                    _queue.Enqueue(turn);
                    PumpLocked();
                    return true;
                default:
                    _queue.Enqueue(turn);
                    return true;
            }
        }
    }

    /// <summary>Runs a turn on a thread-pool thread.</summary>
    public void RunTurn(Turn turn)
    {
        if (_runtime.Metrics.TurnDurationEnabled)
        {
            turn.StartTimestamp = Stopwatch.GetTimestamp();
        }

        Task task;
        try
        {
            // A grain method returning null instead of a task must fail its caller, not a thread-pool thread.
            task = turn.StartAsync(this) ?? Task.FromException(new InvalidOperationException($"A call to grain {GrainId} returned a null task."));
        }
        catch (Exception exception)
        {
            task = Task.FromException(exception);
        }

        if (task.IsCompleted)
        {
            FinishTurn(turn, task);
        }
        else
        {
            _ = AwaitTurnAsync(turn, task);
        }
    }

    /// <summary>Requests deactivation; the returned task completes once the activation is gone.</summary>
    public Task DeactivateAsync(DeactivationReason reason)
    {
        lock (_gate)
        {
            switch (_state)
            {
                case ActivationState.Activating when !_deactivationRequested:
                    _deactivationRequested = true;
                    _deactivationReason = reason;
                    break;
                case ActivationState.Active:
                    _state = ActivationState.Deactivating;
                    _deactivationReason = reason;
                    TryStartDeactivationLocked();
                    break;
            }
        }

        return _deactivated.Task;
    }

    /// <summary>Starts idle collection if the activation has done nothing (that counts) for <paramref name="age"/>.</summary>
    public bool TryStartIdleCollection(long now, TimeSpan age)
    {
        lock (_gate)
        {
            if (_state != ActivationState.Active || _running != 0 || _queue.Count != 0 || now < _keepAliveUntil)
            {
                return false;
            }

            if (_runtime.TimeProvider.GetElapsedTime(_lastActivity, now) < age)
            {
                return false;
            }

            _state = ActivationState.Deactivating;
            _deactivationReason = new DeactivationReason(DeactivationReasonCode.ActivationIdle, $"Idle for at least {age}.");
            TryStartDeactivationLocked();
            return true;
        }
    }

    public void DeactivateOnIdle() =>
        _ = DeactivateAsync(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "DeactivateOnIdle was called."));

    public void DelayDeactivation(TimeSpan timeSpan)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeSpan, TimeSpan.Zero);
        var timeProvider = _runtime.TimeProvider;
        var ticks = (long)Math.Min(timeSpan.TotalSeconds * timeProvider.TimestampFrequency, long.MaxValue / 2);
        lock (_gate)
        {
            _keepAliveUntil = Math.Max(_keepAliveUntil, timeProvider.GetTimestamp() + ticks);
        }
    }

    public IGrainTimer RegisterGrainTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new GrainTimer<TState>(this, _runtime.TimeProvider, callback, state, options);
        bool accepted;
        lock (_gate)
        {
            accepted = !_deactivationTurnStarted && _state != ActivationState.Deactivated;
            if (accepted)
            {
                (_timers ??= []).Add(timer);
            }
        }

        if (accepted)
        {
            timer.Start();
        }
        else
        {
            timer.Dispose();
        }

        return timer;
    }

    internal void RemoveTimer(GrainTimer timer)
    {
        lock (_gate)
        {
            _timers?.Remove(timer);
        }
    }

    internal void OnTimerTickFailed(Exception exception) => _runtime.Logger.TimerTickFailed(GrainId, exception);

    internal async Task ActivateCoreAsync()
    {
        var scope = _runtime.Services.CreateAsyncScope();
        _scope = scope;
        var grain = _runtime.CreateGrainInstance(_registration, scope.ServiceProvider, this);
        grain.Attach(this);
        _instance = grain;
        using var timeout = new CancellationTokenSource(_runtime.CollectionOptions.ActivationTimeout, _runtime.TimeProvider);
        await grain.OnActivateAsync(timeout.Token).ConfigureAwait(false);
    }

    internal void OnActivationFinished(Task finished)
    {
        if (!finished.IsCompletedSuccessfully)
        {
            var error = finished.Exception?.InnerException ?? new OperationCanceledException("OnActivateAsync was cancelled.");
            _runtime.Logger.ActivationFailed(GrainId, error);
            var pending = Retire();
            _ = ReleaseAsync(disposeTimers: true);
            var failure = new GrainActivationException(GrainId, error);
            foreach (var turn in pending)
            {
                if (!turn.IsActivationBound)
                {
                    turn.Fail(failure);
                }
            }

            return;
        }

        lock (_gate)
        {
            if (_deactivationRequested)
            {
                _state = ActivationState.Deactivating;
                TryStartDeactivationLocked();
            }
            else
            {
                _state = ActivationState.Active;
                PumpLocked();
            }
        }
    }

    internal async Task DeactivateCoreAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(_runtime.CollectionOptions.DeactivationTimeout, _runtime.TimeProvider);
            await Instance.OnDeactivateAsync(_deactivationReason, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // Deactivation goes ahead regardless: the activation must not stay half-alive.
            _runtime.Logger.DeactivationFailed(GrainId, exception);
        }

        await ReleaseAsync(disposeTimers: true).ConfigureAwait(false);
    }

    internal void OnDeactivationFinished()
    {
        var pending = Retire();
        _runtime.OnDeactivated(this, _deactivationReason);
        foreach (var turn in pending)
        {
            if (!turn.IsActivationBound)
            {
                turn.Owner = null;
                _runtime.Forward(_registration, GrainId, turn);
            }
        }
    }

    /// <summary>Leaves the table first, then refuses new turns, so a caller either lands here (and is handed back) or finds the next activation.</summary>
    private List<Turn> Retire()
    {
        _runtime.RemoveActivation(this);
        List<Turn> pending;
        lock (_gate)
        {
            _state = ActivationState.Deactivated;
            pending = [.. _queue];
            _queue.Clear();
        }

        _deactivated.TrySetResult();
        return pending;
    }

    private async Task ReleaseAsync(bool disposeTimers)
    {
        if (disposeTimers)
        {
            List<GrainTimer>? timers;
            lock (_gate)
            {
                timers = _timers;
                _timers = null;
            }

            foreach (var timer in timers ?? [])
            {
                timer.Dispose();
            }
        }

        try
        {
            switch (_instance)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }

            if (_scope is { } scope)
            {
                await scope.DisposeAsync().ConfigureAwait(false);
            }
        }
        catch (Exception exception)
        {
            _runtime.Logger.DeactivationFailed(GrainId, exception);
        }

        _instance = null;
    }

    private void PumpLocked()
    {
        while (_queue.TryPeek(out var next))
        {
            var mayStart = next.Kind switch
            {
                TurnKind.Exclusive => _running == 0,
                TurnKind.ReadOnly => !_exclusiveRunning,
                _ => true,
            };

            if (!mayStart)
            {
                return;
            }

            _queue.Dequeue();
            StartLocked(next);
            if (next.Kind == TurnKind.Exclusive)
            {
                return;
            }
        }
    }

    private void TryStartDeactivationLocked()
    {
        if (_running == 0 && !_deactivationTurnStarted)
        {
            _deactivationTurnStarted = true;
            StartLocked(new DeactivationTurn());
        }
    }

    private void StartLocked(Turn turn)
    {
        _running++;
        if (turn.Kind == TurnKind.Exclusive)
        {
            _exclusiveRunning = true;
        }

        turn.Owner = this;
        ThreadPool.UnsafeQueueUserWorkItem(turn, preferLocal: false);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask AwaitTurnAsync(Turn turn, Task task)
    {
        await task.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        FinishTurn(turn, task);
    }

    private void FinishTurn(Turn turn, Task task)
    {
        lock (_gate)
        {
            _running--;
            if (turn.Kind == TurnKind.Exclusive)
            {
                _exclusiveRunning = false;
            }

            if (turn.CountsAsActivity)
            {
                _lastActivity = _runtime.TimeProvider.GetTimestamp();
            }

            if (_state == ActivationState.Active)
            {
                PumpLocked();
            }
            else if (_state == ActivationState.Deactivating)
            {
                TryStartDeactivationLocked();
            }
        }

        if (turn.StartTimestamp != 0)
        {
            _runtime.Metrics.RecordTurn(Stopwatch.GetElapsedTime(turn.StartTimestamp));
        }

        turn.Complete(task);
    }
}
