// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Runtime.Timers;

namespace Granary.Runtime.Tests.Timers;

public class GrainTimerTests
{
    [Fact]
    public async Task TicksRunAsTurnsAndStopWhenDisposed()
    {
        await using var harness = new RuntimeHarness();
        var grain = harness.Grain();
        await grain.InvokeAsync(new GrainTimerCreationOptions(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)), static (g, o) => g.StartTimer(o));

        // A tick that falls due during a turn waits for it.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blocked = grain.InvokeAsync((started, gate.Task), static (g, s) => g.Block("call", s.started, s.Task)).AsTask();
        await started.Task.WaitAsync(Wait.Limit);
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        await Wait.SettleAsync();
        Assert.Equal(0, harness.Probe.Ticks);

        gate.SetResult();
        await blocked.WaitAsync(Wait.Limit);
        await Wait.SignalAsync(harness.Probe.TickSignal);
        Assert.Equal(["call-start", "call-end", "tick"], await grain.InvokeAsync(static g => g.GetLog()));

        // Periodic: the exclusive call above ran after the tick's turn, which re-armed the timer.
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        await Wait.SignalAsync(harness.Probe.TickSignal);
        Assert.Equal(2, await grain.InvokeAsync(static g => g.GetTicks()));

        await grain.InvokeAsync(static g => g.StopTimer());
        harness.Time.Advance(TimeSpan.FromSeconds(10));
        await Wait.SettleAsync();
        Assert.Equal(2, harness.Probe.Ticks);
        Assert.Equal(1, await grain.InvokeAsync(static g => g.GetMaxConcurrency()));
    }

    [Fact]
    public async Task DeactivationStopsTimers()
    {
        await using var harness = new RuntimeHarness();
        var grain = harness.Grain();
        await grain.InvokeAsync(new GrainTimerCreationOptions(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)), static (g, o) => g.StartTimer(o));
        await grain.InvokeAsync(static g => g.Deactivate());
        await Wait.SignalAsync(harness.Probe.DeactivatedSignal);
        await Wait.ForAsync(() => harness.Runtime.ActivationCount == 0);

        harness.Time.Advance(TimeSpan.FromSeconds(10));
        await Wait.SettleAsync();
        Assert.Equal(0, harness.Probe.Ticks);
        Assert.Equal(0, harness.Runtime.ActivationCount);
    }
}
