// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using Granary.Streams.Tests.Infrastructure;

namespace Granary.Streams.Tests.Subscriptions;

/// <summary>GetAllSubscriptionHandles sees subscriptions of other processes (their consumer groups), and their handles resume and unsubscribe.</summary>
public class SubscriptionHandlesAcrossProcessesTests
{
    [Fact]
    public async Task HandlesOfAnotherProcessAreListedResumedAndUnsubscribedOnlyOnceItsMembersAreGone()
    {
        await using var harness = await StreamHarness.StartAsync(("shared", 1));
        var provider = harness.NewProvider(name: "kill"); // the worker's provider name, so both name groups alike
        var stream = provider.GetStream<int>(StreamId.Create("shared", "k"));
        await stream.OnNextBatchAsync(Enumerable.Range(0, 20));
        var file = Path.Combine(harness.Silo.DataDirectory, "worker-handled.txt");

        using var worker = TestWorker.Start(harness.Silo.BootstrapServers, "shared", file);
        try
        {
            await Wait.UntilAsync(() => TestWorker.Handled(file).Distinct().Count() >= 20, "the worker process handles the first 20 items");
            var audit = await stream.SubscribeAsync(new CollectingObserver(new ConcurrentQueue<int>()), new StreamSubscribeOptions { Name = "audit" });

            var handles = await stream.GetAllSubscriptionHandles();
            Assert.Equal([provider.GroupFor("shared", "k.audit"), provider.GroupFor("shared", "k.default")], handles.Select(h => h.GroupId));
            var remote = handles[1];
            Assert.Equal(audit.HandleId, handles[0].HandleId);
            Assert.All(handles, h => Assert.Equal(stream.StreamId, h.StreamId));

            // The worker is a live member: the group cannot be deleted from here, and it keeps running there.
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(remote.UnsubscribeAsync);
            Assert.Contains("1 live member(s)", refused.Message, StringComparison.Ordinal);
            Assert.Equal(2, (await stream.GetAllSubscriptionHandles()).Count);

            worker.Kill(); // SIGKILL: its member stays in the group until the session timeout
            await worker.WaitForExitAsync();
            await stream.OnNextBatchAsync(Enumerable.Range(20, 10));
            var resumed = new ConcurrentQueue<int>();
            var handle = await remote.ResumeAsync(new CollectingObserver(resumed));
            await Wait.UntilAsync(() => Enumerable.Range(20, 10).All(resumed.Contains), "the resumed subscription delivers the items published after the kill");
            Assert.Equal(remote.HandleId, handle.HandleId);
            Assert.DoesNotContain(resumed, i => i < 10); // it resumed at the worker's committed position, not the beginning

            await handle.UnsubscribeAsync();
            Assert.Equal([audit.GroupId], (await stream.GetAllSubscriptionHandles()).Select(h => h.GroupId));
            await audit.UnsubscribeAsync();
            Assert.Empty(await stream.GetAllSubscriptionHandles());
        }
        finally
        {
            if (!worker.HasExited)
            {
                worker.Kill();
            }
        }
    }

    private sealed class CollectingObserver(ConcurrentQueue<int> items) : IAsyncObserver<int>
    {
        public Task OnNextAsync(int item, StreamSequenceToken? token = null)
        {
            items.Enqueue(item);
            return Task.CompletedTask;
        }

        public Task OnCompletedAsync() => Task.CompletedTask;

        public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
    }
}
