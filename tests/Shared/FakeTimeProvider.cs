// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Testing;

/// <summary>
/// A manually advanced clock for tests, linked into each test project (one file, no copies). By default its timers
/// and timestamps are fake too: timers fire synchronously inside <see cref="Advance"/>, in due order (periodic ones
/// repeatedly), so timer-driven code (idle collection, flush.ms, retention checks) runs without waiting. With
/// <c>fakeTimers: false</c> only the wall clock is fake and timers and timestamps follow real time, for code whose
/// background loops must keep running while a test moves "now" by hand.
/// </summary>
public sealed class FakeTimeProvider : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<FakeTimer> _timers = [];
    private readonly bool _fakeTimers;
    private DateTimeOffset _now;
    private long _ticks;

    public FakeTimeProvider(DateTimeOffset? start = null, bool fakeTimers = true)
    {
        _now = start ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        _fakeTimers = fakeTimers;
    }

    /// <summary>Timers currently armed (fake timers only).</summary>
    public int ScheduledTimers
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count;
            }
        }
    }

    /// <summary>Now, in Unix milliseconds.</summary>
    public long NowMs => GetUtcNow().ToUnixTimeMilliseconds();

    public override long TimestampFrequency => _fakeTimers ? TimeSpan.TicksPerSecond : base.TimestampFrequency;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override long GetTimestamp()
    {
        if (!_fakeTimers)
        {
            return base.GetTimestamp();
        }

        lock (_gate)
        {
            return _ticks;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (!_fakeTimers)
        {
            return base.CreateTimer(callback, state, dueTime, period);
        }

        var timer = new FakeTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves time forward, firing every fake timer that falls due on the way (periodic ones repeatedly).</summary>
    public void Advance(TimeSpan delta)
    {
        long target;
        lock (_gate)
        {
            target = _ticks + delta.Ticks;
        }

        while (true)
        {
            FakeTimer? due = null;
            lock (_gate)
            {
                foreach (var timer in _timers)
                {
                    if (timer.DueAt <= target && (due is null || timer.DueAt < due.DueAt))
                    {
                        due = timer;
                    }
                }

                if (due is null)
                {
                    _now += TimeSpan.FromTicks(target - _ticks);
                    _ticks = target;
                    return;
                }

                _now += TimeSpan.FromTicks(Math.Max(0, due.DueAt - _ticks));
                _ticks = Math.Max(_ticks, due.DueAt);
                if (due.Period > 0)
                {
                    due.DueAt = _ticks + due.Period;
                }
                else
                {
                    _timers.Remove(due);
                }
            }

            due.Fire();
        }
    }

    private sealed class FakeTimer(FakeTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public long DueAt { get; set; }

        public long Period { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._gate)
            {
                owner._timers.Remove(this);
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    return true;
                }

                DueAt = owner._ticks + dueTime.Ticks;
                Period = period == Timeout.InfiniteTimeSpan ? 0 : period.Ticks;
                owner._timers.Add(this);
                return true;
            }
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (owner._gate)
            {
                owner._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
