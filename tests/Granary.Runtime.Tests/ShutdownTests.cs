// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Runtime.Hosting;
using Granary.Runtime.Tests.TestGrains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Granary.Runtime.Tests;

public class ShutdownTests
{
    [Fact]
    public async Task StopDeactivatesEveryActivationAndRejectsNewCalls()
    {
        await using var harness = new RuntimeHarness();
        for (var i = 0; i < 5; i++)
        {
            await harness.Grain("g" + i).InvokeAsync(static g => g.GetInstance());
        }

        await harness.Runtime.StopAsync().WaitAsync(Wait.Limit);

        Assert.Equal(5, harness.Probe.Deactivations.Count);
        Assert.All(harness.Probe.Deactivations, d => Assert.Equal(DeactivationReasonCode.ShuttingDown, d.Reason.ReasonCode));
        Assert.Equal(
            Enumerable.Range(0, 5).Select(i => "g" + i).Order(),
            harness.Probe.Deactivations.Select(d => d.GrainId.Key).Order());
        Assert.Equal(0, harness.Runtime.ActivationCount);
        Assert.True(harness.Runtime.IsStopping);

        var rejected = await Assert.ThrowsAsync<GrainRuntimeStoppedException>(async () => await harness.Grain("g0").InvokeAsync(static g => g.GetInstance()));
        Assert.Equal(new GrainId("test", "g0"), rejected.GrainId);
        await Assert.ThrowsAsync<GrainRuntimeStoppedException>(async () => await harness.Grain("new").InvokeAsync(static g => g.GetInstance()));
    }

    [Fact]
    public async Task StopLetsTheRunningTurnFinishAndFailsQueuedCalls()
    {
        await using var harness = new RuntimeHarness();
        var grain = harness.Grain();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = grain.InvokeAsync((started, gate.Task), static (g, s) => g.Block("running", s.started, s.Task)).AsTask();
        await started.Task.WaitAsync(Wait.Limit);
        var queued = grain.InvokeAsync(static g => g.GetInstance()).AsTask();

        var stop = harness.Runtime.StopAsync();
        await Wait.SettleAsync();
        Assert.False(stop.IsCompleted, "stop finished while a turn was still running");
        Assert.Empty(harness.Probe.Deactivations);

        gate.SetResult();
        await running.WaitAsync(Wait.Limit);
        await stop.WaitAsync(Wait.Limit);
        await Assert.ThrowsAsync<GrainRuntimeStoppedException>(() => queued.WaitAsync(Wait.Limit));
        Assert.Single(harness.Probe.Deactivations);
    }

    [Fact]
    public async Task StopGivesUpOnAStuckGrainAfterTheShutdownTimeout()
    {
        await using var harness = new RuntimeHarness(runtime: o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        await harness.Grain("quick").InvokeAsync(static g => g.GetInstance());
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stuck = harness.Grain("stuck").InvokeAsync((started, gate.Task), static (g, s) => g.Block("stuck", s.started, s.Task)).AsTask();
        await started.Task.WaitAsync(Wait.Limit);

        var stop = harness.Runtime.StopAsync();
        await Wait.ForAsync(() => harness.Probe.Deactivations.Count == 1);
        Assert.False(stop.IsCompleted);

        harness.Time.Advance(TimeSpan.FromSeconds(31));
        await stop.WaitAsync(Wait.Limit);
        Assert.Equal("quick", Assert.Single(harness.Probe.Deactivations).GrainId.Key);
        Assert.Equal(1, harness.Runtime.ActivationCount);

        gate.SetResult();
        await stuck.WaitAsync(Wait.Limit);
    }

    [Fact]
    public async Task HostStopDeactivatesGrains()
    {
        var probe = new GrainProbe();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton(probe);
        builder.Services.AddGrainRuntime(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.Services.AddGrain<ITestGrain, TestGrain>();
        using var host = builder.Build();
        await host.StartAsync();

        var factory = host.Services.GetRequiredService<IGrainFactory>();
        await factory.GetGrain<ITestGrain>("hosted").InvokeAsync(static g => g.GetInstance());
        await host.StopAsync().WaitAsync(Wait.Limit);

        var (id, reason) = Assert.Single(probe.Deactivations);
        Assert.Equal("test/hosted", id.ToString());
        Assert.Equal(DeactivationReasonCode.ShuttingDown, reason.ReasonCode);
    }
}
