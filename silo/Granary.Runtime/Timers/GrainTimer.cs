// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Runtime.Execution;

namespace Granary.Runtime.Timers;

/// <summary>
/// A timer whose ticks are queued as turns on its activation. It is one-shot underneath and re-armed when a tick
/// finishes, so the period runs from the end of one tick to the start of the next and ticks never pile up.
/// </summary>
internal abstract class GrainTimer : IGrainTimer
{
    private readonly GrainActivation _activation;
    private readonly ITimer _timer;
    private readonly CancellationTokenSource _disposed = new();
    private readonly Lock _gate = new();
    private readonly GrainTimerCreationOptions _options;
    private readonly TimeSpan _dueTime;
    private TimeSpan _period;

    protected GrainTimer(GrainActivation activation, TimeProvider timeProvider, GrainTimerCreationOptions options)
    {
        ValidatePeriod(options.DueTime, nameof(options.DueTime));
        ValidatePeriod(options.Period, nameof(options.Period));
        _activation = activation;
        _options = options;
        _dueTime = options.DueTime;
        _period = options.Period;
        _timer = timeProvider.CreateTimer(static state => ((GrainTimer)state!).OnDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Cancelled when the timer is disposed (including by deactivation).</summary>
    protected CancellationToken DisposedToken => _disposed.Token;

    public void Change(TimeSpan dueTime, TimeSpan period)
    {
        ValidatePeriod(dueTime, nameof(dueTime));
        ValidatePeriod(period, nameof(period));
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
            _period = period;
            _timer.Change(dueTime, Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed.IsCancellationRequested)
            {
                return;
            }

            _disposed.Cancel();
            _timer.Dispose();
        }

        _activation.RemoveTimer(this);
    }

    internal void Start()
    {
        lock (_gate)
        {
            if (!_disposed.IsCancellationRequested)
            {
                _timer.Change(_dueTime, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>Runs one tick; re-arms the timer before the turn ends, so the next tick is scheduled whenever the activation is free again.</summary>
    internal async Task RunTickAsync()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        try
        {
            await InvokeCallbackAsync().ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            _activation.OnTimerTickFailed(exception);
        }

        lock (_gate)
        {
            if (!_disposed.IsCancellationRequested && _period != Timeout.InfiniteTimeSpan)
            {
                _timer.Change(_period, Timeout.InfiniteTimeSpan);
            }
        }
    }

    protected abstract Task InvokeCallbackAsync();

    private static void ValidatePeriod(TimeSpan value, string name)
    {
        if (value < TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(name, value, "A timer due time or period must be zero or positive, or Timeout.InfiniteTimeSpan.");
        }
    }

    private void OnDue()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        var kind = _options.Interleave ? TurnKind.Interleave : TurnKind.Exclusive;
        _activation.Enqueue(new TimerTickTurn(this, kind, _options.KeepAlive));
    }
}
