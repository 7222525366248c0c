// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Runtime.Tests.TestGrains;

namespace Granary.Runtime.Tests;

public class MailboxTests
{
    [Fact]
    public async Task CallsRunOneAtATimeInArrivalOrder()
    {
        await using var harness = new RuntimeHarness();
        var grain = harness.Grain();
        await grain.InvokeAsync(static g => g.GetInstance()); // active first: calls must not merely queue behind activation
        var calls = Enumerable.Range(0, 300).Select(i => grain.InvokeAsync(i, static (g, v) => g.Append(v)).AsTask()).ToArray();
        await Task.WhenAll(calls).WaitAsync(Wait.Limit);

        var log = await grain.InvokeAsync(static g => g.GetLog());
        Assert.Equal(Enumerable.Range(0, 300).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), log);
        Assert.Equal(1, await grain.InvokeAsync(static g => g.GetMaxConcurrency()));
    }

    [Fact]
    public async Task ConcurrentCallersNeverOverlapAndEachCallerKeepsItsOrder()
    {
        await using var harness = new RuntimeHarness();
        const int callers = 8;
        const int perCaller = 100;
        var perThread = Concurrently.Run(callers, c =>
        {
            var grain = harness.Grain();
            var mine = new List<Task<int>>();
            for (var i = 0; i < perCaller; i++)
            {
                mine.Add(grain.InvokeAsync((c * 1000) + i, static (g, v) => g.Append(v)).AsTask());
            }

            return Task.WhenAll(mine);
        });
        await Task.WhenAll(perThread).WaitAsync(Wait.Limit);

        var grain = harness.Grain();
        var log = (await grain.InvokeAsync(static g => g.GetLog())).Select(int.Parse).ToList();
        Assert.Equal(callers * perCaller, log.Count);
        for (var c = 0; c < callers; c++)
        {
            var own = log.Where(v => v / 1000 == c).ToList();
            Assert.Equal(Enumerable.Range(c * 1000, perCaller), own);
        }

        Assert.Equal(1, await grain.InvokeAsync(static g => g.GetMaxConcurrency()));
    }

    [Fact]
    public async Task AnAwaitInsideATurnDoesNotLetAnotherTurnIn()
    {
        await using var harness = new RuntimeHarness();
        var grain = harness.Grain();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var aStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var a = grain.InvokeAsync(static g => g.Block("a", new TaskCompletionSource(), Task.CompletedTask)).AsTask();
        await a.WaitAsync(Wait.Limit);
        var first = grain.InvokeAsync((aStarted, gate.Task), static (g, s) => g.Block("first", s.aStarted, s.Task)).AsTask();
        await aStarted.Task.WaitAsync(Wait.Limit);
        var second = grain.InvokeAsync(bStarted, static (g, s) => g.Block("second", s, Task.CompletedTask)).AsTask();

        await Wait.SettleAsync();
        Assert.False(bStarted.Task.IsCompleted, "a second turn started while the first was awaiting");

        gate.SetResult();
        await Task.WhenAll(first, second).WaitAsync(Wait.Limit);
        var log = await grain.InvokeAsync(static g => g.GetLog());
        Assert.Equal(["a-start", "a-end", "first-start", "first-end", "second-start", "second-end"], log);
    }

    [Fact]
    public async Task ReadOnlyCallsRunConcurrentlyWithEachOther()
    {
        await using var harness = new RuntimeHarness();
        var grain = harness.Grain();
        var rendezvous = new Rendezvous(3);

        // Each call completes only once all three are inside the grain at the same time.
        var calls = Enumerable.Range(0, 3)
            .Select(_ => grain.InvokeAsync(rendezvous, static (g, r) => g.Rendezvous(r), GrainCallFlags.ReadOnly).AsTask())
            .ToArray();
        await Task.WhenAll(calls).WaitAsync(Wait.Limit);
        Assert.Equal(3, await grain.InvokeAsync(static g => g.GetMaxConcurrency()));
    }

    [Fact]
    public async Task ExclusiveCallsDoNotMeetAtARendezvous()
    {
        await using var harness = new RuntimeHarness();
        var grain = harness.Grain();
        await grain.InvokeAsync(static g => g.GetInstance());
        var rendezvous = new Rendezvous(2);
        var first = grain.InvokeAsync(rendezvous, static (g, r) => g.Rendezvous(r)).AsTask();
        var second = grain.InvokeAsync(rendezvous, static (g, r) => g.Rendezvous(r)).AsTask();

        await Wait.SettleAsync();
        Assert.False(rendezvous.AllArrived.IsCompleted, "two exclusive turns were inside the grain at once");
        Assert.False(first.IsCompleted);
        Assert.False(second.IsCompleted);

        // Complete the rendezvous from outside: the first turn ends, then the second runs straight through.
        await rendezvous.ArriveAsync();
        await Task.WhenAll(first, second).WaitAsync(Wait.Limit);
        Assert.Equal(1, await grain.InvokeAsync(static g => g.GetMaxConcurrency()));
    }

    [Fact]
    public async Task ReadOnlyCallsNeverOverlapAWriteTurn()
    {
        await using var harness = new RuntimeHarness();
        var grain = harness.Grain();

        // A read queued behind a running write waits for it.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writeStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var readStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var write = grain.InvokeAsync((writeStarted, gate.Task), static (g, s) => g.Block("write", s.writeStarted, s.Task)).AsTask();
        await writeStarted.Task.WaitAsync(Wait.Limit);
        var read = grain.InvokeAsync(readStarted, static (g, s) => g.Block("read", s, Task.CompletedTask), GrainCallFlags.ReadOnly).AsTask();
        await Wait.SettleAsync();
        Assert.False(readStarted.Task.IsCompleted, "a read-only turn started during a write turn");
        gate.SetResult();
        await Task.WhenAll(write, read).WaitAsync(Wait.Limit);

        // A write queued behind running reads waits for them, and later reads do not overtake the queued write.
        var readGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var read1Started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var read1 = grain.InvokeAsync((read1Started, readGate.Task), static (g, s) => g.Block("r1", s.read1Started, s.Task), GrainCallFlags.ReadOnly).AsTask();
        await read1Started.Task.WaitAsync(Wait.Limit);
        var write2Started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var write2 = grain.InvokeAsync(write2Started, static (g, s) => g.Block("w2", s, Task.CompletedTask)).AsTask();
        var read2Started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var read2 = grain.InvokeAsync(read2Started, static (g, s) => g.Block("r2", s, Task.CompletedTask), GrainCallFlags.ReadOnly).AsTask();
        await Wait.SettleAsync();
        Assert.False(write2Started.Task.IsCompleted, "a write turn started during a read-only turn");
        Assert.False(read2Started.Task.IsCompleted, "a read overtook a queued write");
        readGate.SetResult();
        await Task.WhenAll(read1, write2, read2).WaitAsync(Wait.Limit);

        var log = await grain.InvokeAsync(static g => g.GetLog());
        Assert.Equal(["write-start", "write-end", "read-start", "read-end", "r1-start", "r1-end", "w2-start", "w2-end", "r2-start", "r2-end"], log);
    }

    [Fact]
    public async Task AlwaysInterleaveRunsDuringAnExclusiveTurn()
    {
        await using var harness = new RuntimeHarness();
        var grain = harness.Grain();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blocked = grain.InvokeAsync((started, gate.Task), static (g, s) => g.Block("w", s.started, s.Task)).AsTask();
        await started.Task.WaitAsync(Wait.Limit);

        var probe = await grain.InvokeAsync(static g => g.GetLog(), GrainCallFlags.AlwaysInterleave).AsTask().WaitAsync(Wait.Limit);
        Assert.Equal(["w-start"], probe);
        gate.SetResult();
        await blocked.WaitAsync(Wait.Limit);
    }
}
