// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Runtime.Timers;

namespace Granary.Runtime.Tests.TestGrains;

[GrainType("test")]
public sealed class TestGrain : Grain, ITestGrain
{
    private readonly GrainProbe _probe;
    private readonly int _instance;
    private readonly List<string> _log = [];
    private int _inFlight;
    private int _maxConcurrency;
    private int _ticks;
    private IGrainTimer? _timer;

    public TestGrain(GrainProbe probe)
    {
        _probe = probe;
        _instance = probe.NextInstance();
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (_probe.ActivationGate is { } gate)
        {
            await gate;
        }

        if (_probe.FailActivation)
        {
            throw new InvalidOperationException("activation refused by the test");
        }

        _probe.OnActivated();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _probe.OnDeactivated(GrainId, reason);
        return Task.CompletedTask;
    }

    public async Task<int> Append(int value)
    {
        Enter();
        await Task.Yield();
        lock (_log)
        {
            _log.Add(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        await Task.Yield();
        Exit();
        return value;
    }

    public async Task<int> Read()
    {
        Enter();
        await Task.Yield();
        Exit();
        return _log.Count;
    }

    public async Task Block(string name, TaskCompletionSource started, Task gate)
    {
        Enter();
        lock (_log)
        {
            _log.Add(name + "-start");
        }

        started.TrySetResult();
        await gate;
        lock (_log)
        {
            _log.Add(name + "-end");
        }

        Exit();
    }

    public async Task Rendezvous(Rendezvous rendezvous)
    {
        Enter();
        await rendezvous.ArriveAsync();
        Exit();
    }

    public Task<string> Throw(string message) => throw new InvalidOperationException(message);

    public Task<int> GetInstance() => Task.FromResult(_instance);

    // Deliberately broken, to prove the runtime survives it.
#pragma warning disable VSTHRD114
    public Task ReturnNull() => null!;
#pragma warning restore VSTHRD114

    public Task<IReadOnlyList<string>> GetLog()
    {
        lock (_log)
        {
            return Task.FromResult<IReadOnlyList<string>>([.. _log]);
        }
    }

    public Task<int> GetMaxConcurrency() => Task.FromResult(Volatile.Read(ref _maxConcurrency));

    public Task StartTimer(GrainTimerCreationOptions options)
    {
        _timer = RegisterGrainTimer(
            static async (self, _) =>
            {
                self.Enter();
                await Task.Yield();
                Interlocked.Increment(ref self._ticks);
                lock (self._log)
                {
                    self._log.Add("tick");
                }

                self.Exit();
                self._probe.OnTick();
            },
            this,
            options);
        return Task.CompletedTask;
    }

    public Task StopTimer()
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    public Task<int> GetTicks() => Task.FromResult(Volatile.Read(ref _ticks));

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task KeepAlive(TimeSpan timeSpan)
    {
        DelayDeactivation(timeSpan);
        return Task.CompletedTask;
    }

    private void Enter()
    {
        var now = Interlocked.Increment(ref _inFlight);
        int seen;
        while (now > (seen = Volatile.Read(ref _maxConcurrency)) && Interlocked.CompareExchange(ref _maxConcurrency, now, seen) != seen)
        {
        }
    }

    private void Exit() => Interlocked.Decrement(ref _inFlight);
}
