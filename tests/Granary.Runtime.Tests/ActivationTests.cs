// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Runtime.Tests.TestGrains;

namespace Granary.Runtime.Tests;

public class ActivationTests
{
    [Fact]
    public async Task ConcurrentFirstCallsShareOneActivation()
    {
        await using var harness = new RuntimeHarness();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Probe.ActivationGate = gate.Task;
        var calls = Concurrently.Run(16, _ => harness.Runtime.GetGrain<ITestGrain>("raced").InvokeAsync(static g => g.GetInstance()).AsTask());

        await Wait.ForAsync(() => harness.Runtime.ActivationCount == 1);
        gate.SetResult();
        var instances = await Task.WhenAll(calls).WaitAsync(Wait.Limit);

        Assert.All(instances, i => Assert.Equal(instances[0], i));
        Assert.Equal(1, harness.Probe.Constructed);
        Assert.Equal(1, harness.Probe.Activated);
        Assert.Equal(1, harness.Runtime.ActivationCount);
    }

    [Fact]
    public async Task DifferentKeysGetDifferentActivations()
    {
        await using var harness = new RuntimeHarness();
        var a = await harness.Grain("a").InvokeAsync(static g => g.GetInstance());
        var b = await harness.Grain("b").InvokeAsync(static g => g.GetInstance());
        Assert.NotEqual(a, b);
        Assert.Equal(2, harness.Runtime.ActivationCount);
        Assert.Equal(new GrainId("test", "b"), harness.Grain("b").GrainId);
    }

    [Fact]
    public async Task MethodExceptionReachesTheCallerAndTheGrainSurvives()
    {
        await using var harness = new RuntimeHarness();
        var grain = harness.Grain();
        await grain.InvokeAsync(1, static (g, v) => g.Append(v));
        var instance = await grain.InvokeAsync(static g => g.GetInstance());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await grain.InvokeAsync("boom", static (g, m) => g.Throw(m)));
        Assert.Equal("boom", error.Message);

        await grain.InvokeAsync(2, static (g, v) => g.Append(v));
        Assert.Equal(["1", "2"], await grain.InvokeAsync(static g => g.GetLog()));
        Assert.Equal(instance, await grain.InvokeAsync(static g => g.GetInstance()));
    }

    [Fact]
    public async Task NullTaskFromAGrainMethodFailsOnlyThatCall()
    {
        await using var harness = new RuntimeHarness();
        var grain = harness.Grain();
        var instance = await grain.InvokeAsync(static g => g.GetInstance());
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await grain.InvokeAsync(static g => g.ReturnNull()));
        Assert.Equal(instance, await grain.InvokeAsync(static g => g.GetInstance()));
    }

    [Fact]
    public async Task FailedActivationFailsEveryWaiterAndTheNextCallRetries()
    {
        await using var harness = new RuntimeHarness();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Probe.ActivationGate = gate.Task;
        harness.Probe.FailActivation = true;
        var grain = harness.Grain();
        var waiters = Enumerable.Range(0, 5).Select(i => grain.InvokeAsync(i, static (g, v) => g.Append(v)).AsTask()).ToArray();

        gate.SetResult();
        foreach (var waiter in waiters)
        {
            var error = await Assert.ThrowsAsync<GrainActivationException>(() => waiter.WaitAsync(Wait.Limit));
            Assert.Equal(grain.GrainId, error.GrainId);
            Assert.IsType<InvalidOperationException>(error.InnerException);
        }

        await Wait.ForAsync(() => harness.Runtime.ActivationCount == 0);
        harness.Probe.FailActivation = false;
        Assert.Equal(7, await grain.InvokeAsync(7, static (g, v) => g.Append(v)));
        Assert.Equal(2, harness.Probe.Constructed);
        Assert.Equal(1, harness.Probe.Activated);
        Assert.Empty(harness.Probe.Deactivations);
    }

    [Fact]
    public async Task DeactivateOnIdleRetiresTheActivationAndQueuedCallsGoToANewOne()
    {
        await using var harness = new RuntimeHarness();
        var grain = harness.Grain();
        var first = await grain.InvokeAsync(static g => g.GetInstance());

        // The deactivation starts once the Deactivate turn ends; the calls queued behind it wait and are forwarded.
        var deactivate = grain.InvokeAsync(static g => g.Deactivate()).AsTask();
        var after = Enumerable.Range(0, 3).Select(_ => grain.InvokeAsync(static g => g.GetInstance()).AsTask()).ToArray();
        await deactivate.WaitAsync(Wait.Limit);
        var instances = await Task.WhenAll(after).WaitAsync(Wait.Limit);

        await Wait.SignalAsync(harness.Probe.DeactivatedSignal);
        var (id, reason) = Assert.Single(harness.Probe.Deactivations);
        Assert.Equal(grain.GrainId, id);
        Assert.Equal(DeactivationReasonCode.ApplicationRequested, reason.ReasonCode);
        Assert.All(instances, i => Assert.Equal(first + 1, i));
        Assert.Equal(1, harness.Runtime.ActivationCount);
    }

    [Fact]
    public async Task ConstructorMayTakeTheGrainContext()
    {
        await using var harness = new RuntimeHarness();
        var description = await harness.Runtime.GetGrain<IContextGrain>("k/1").InvokeAsync(static g => g.Describe());
        Assert.Equal("context/k/1|True", description);
    }

    [Fact]
    public async Task UnregisteredInterfaceIsRejected()
    {
        await using var harness = new RuntimeHarness();
        Assert.Throws<InvalidOperationException>(() => harness.Runtime.GetGrain<IUnregisteredGrain>("x"));
    }

    public interface IUnregisteredGrain : IGrainWithStringKey;
}
