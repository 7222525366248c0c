// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Cli.Perf;

/// <summary>
/// Cancels <see cref="Token"/> once no progress has been reported for the idle time (the perf tools' --timeout
/// between records). A timer checks a progress counter a few times per idle period, so reporting progress per record
/// costs one increment instead of a cancellation source and a timer per record.
/// </summary>
public sealed class IdleWatchdog : IDisposable
{
    private readonly TimeSpan _idle;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _idleOrCancelled;
    private readonly ITimer _timer;
    private long _progress;
    private long _lastSeenProgress;
    private long _lastProgressTimestamp;

    public IdleWatchdog(TimeSpan idle, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(idle, TimeSpan.Zero);
        _idle = idle;
        _time = time;
        _idleOrCancelled = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _lastProgressTimestamp = time.GetTimestamp();
        var period = TimeSpan.FromTicks(Math.Clamp(idle.Ticks / 4, TimeSpan.TicksPerMillisecond, TimeSpan.TicksPerSecond));
        _timer = time.CreateTimer(_ => Check(), null, period, period);
    }

    /// <summary>Cancelled when the idle time passed without progress, or when the run itself is cancelled.</summary>
    public CancellationToken Token => _idleOrCancelled.Token;

    /// <summary>True when <see cref="Token"/> was cancelled by idleness rather than by the caller.</summary>
    public bool TimedOut { get; private set; }

    /// <summary>Something happened (a record arrived, partitions were assigned): restart the idle period.</summary>
    public void Progress() => Interlocked.Increment(ref _progress);

    public void Dispose()
    {
        _timer.Dispose();
        _idleOrCancelled.Dispose();
    }

    private void Check()
    {
        var progress = Interlocked.Read(ref _progress);
        var now = _time.GetTimestamp();
        if (progress != _lastSeenProgress)
        {
            _lastSeenProgress = progress;
            _lastProgressTimestamp = now;
            return;
        }

        if (_time.GetElapsedTime(_lastProgressTimestamp, now) >= _idle && !TimedOut)
        {
            TimedOut = true;
            try
            {
                _idleOrCancelled.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The run ended between the check and the cancel.
            }
        }
    }
}
