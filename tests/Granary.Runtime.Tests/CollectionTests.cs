// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Runtime.Timers;

namespace Granary.Runtime.Tests;

public class CollectionTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task IdleActivationIsCollectedAfterTheAgeAndTheNextCallActivatesAnew()
    {
        await using var harness = NewHarness();
        var grain = harness.Grain();
        var first = await grain.InvokeAsync(static g => g.GetInstance());

        harness.Time.Advance(9 * Minute);
        await Wait.SettleAsync();
        Assert.Empty(harness.Probe.Deactivations);
        Assert.Equal(1, harness.Runtime.ActivationCount);

        harness.Time.Advance(2 * Minute);
        await Wait.SignalAsync(harness.Probe.DeactivatedSignal);
        var (_, reason) = Assert.Single(harness.Probe.Deactivations);
        Assert.Equal(DeactivationReasonCode.ActivationIdle, reason.ReasonCode);
        await Wait.ForAsync(() => harness.Runtime.ActivationCount == 0);

        Assert.Equal(first + 1, await grain.InvokeAsync(static g => g.GetInstance()));
        Assert.Equal(2, harness.Probe.Activated);
    }

    [Fact]
    public async Task BusyActivationIsNotCollectedAndItsIdleClockRestartsWhenTheTurnEnds()
    {
        await using var harness = NewHarness();
        var grain = harness.Grain();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var busy = grain.InvokeAsync((started, gate.Task), static (g, s) => g.Block("long", s.started, s.Task)).AsTask();
        await started.Task.WaitAsync(Wait.Limit);

        harness.Time.Advance(30 * Minute);
        await Wait.SettleAsync();
        Assert.Empty(harness.Probe.Deactivations);

        gate.SetResult();
        await busy.WaitAsync(Wait.Limit);
        harness.Time.Advance(9 * Minute);
        await Wait.SettleAsync();
        Assert.Empty(harness.Probe.Deactivations);

        harness.Time.Advance(2 * Minute);
        await Wait.SignalAsync(harness.Probe.DeactivatedSignal);
        Assert.Single(harness.Probe.Deactivations);
    }

    [Fact]
    public async Task DelayDeactivationPostponesCollection()
    {
        await using var harness = NewHarness();
        var grain = harness.Grain();
        await grain.InvokeAsync(TimeSpan.FromMinutes(30), static (g, t) => g.KeepAlive(t));

        harness.Time.Advance(20 * Minute);
        await Wait.SettleAsync();
        Assert.Empty(harness.Probe.Deactivations);

        harness.Time.Advance(11 * Minute);
        await Wait.SignalAsync(harness.Probe.DeactivatedSignal);
        await Wait.ForAsync(() => harness.Runtime.ActivationCount == 0);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TimerTicksKeepTheGrainAliveOnlyWithKeepAlive(bool keepAlive)
    {
        await using var harness = NewHarness();
        var grain = harness.Grain();
        await grain.InvokeAsync(new GrainTimerCreationOptions(Minute, Minute) { KeepAlive = keepAlive }, static (g, o) => g.StartTimer(o));

        // Step one period at a time, letting each tick finish and re-arm (collector + grain timer armed) before the next.
        for (var i = 1; i <= 9; i++)
        {
            harness.Time.Advance(Minute);
            await Wait.ForAsync(() => harness.Probe.Ticks >= i && harness.Time.ScheduledTimers == 2);
        }

        harness.Time.Advance(2 * Minute);
        if (keepAlive)
        {
            await Wait.ForAsync(() => harness.Probe.Ticks >= 10);
            await Wait.SettleAsync();
            Assert.Empty(harness.Probe.Deactivations);
            Assert.Equal(1, harness.Runtime.ActivationCount);
        }
        else
        {
            await Wait.SignalAsync(harness.Probe.DeactivatedSignal);
            var (_, reason) = Assert.Single(harness.Probe.Deactivations);
            Assert.Equal(DeactivationReasonCode.ActivationIdle, reason.ReasonCode);
        }
    }

    private static RuntimeHarness NewHarness() => new(collection: o =>
    {
        o.CollectionAge = TimeSpan.FromMinutes(10);
        o.CollectionQuantum = TimeSpan.FromMinutes(1);
    });
}
