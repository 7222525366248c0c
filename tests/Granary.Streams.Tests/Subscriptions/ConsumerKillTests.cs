// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Streams.Tests.Infrastructure;

namespace Granary.Streams.Tests.Subscriptions;

public class ConsumerKillTests
{
    [Fact]
    public async Task NoItemIsLostWhenTheConsumerProcessIsKilledAndRestarted()
    {
        await using var harness = await StreamHarness.StartAsync(("killed", 1));
        var stream = harness.NewProvider().GetStream<int>(StreamId.Create("killed", "k"));
        await stream.OnNextBatchAsync(Enumerable.Range(0, 300));
        var file = Path.Combine(harness.Silo.DataDirectory, "handled.txt");

        using (var first = TestWorker.Start(harness.Silo.BootstrapServers, "killed", file))
        {
            await Wait.UntilAsync(() => TestWorker.Handled(file).Count >= 60, "the first worker handles 60 items");
            first.Kill(); // SIGKILL: no commit, no LeaveGroup
            await first.WaitForExitAsync();
        }

        var beforeRestart = TestWorker.Handled(file).Count;
        Assert.True(beforeRestart < 300, "the worker was killed before finishing");
        using var second = TestWorker.Start(harness.Silo.BootstrapServers, "killed", file);
        try
        {
            await Wait.UntilAsync(() => TestWorker.Handled(file).ToHashSet().Count == 300, "every item is handled after the restart");
        }
        finally
        {
            second.Kill();
            await second.WaitForExitAsync();
        }

        var handled = TestWorker.Handled(file);
        Assert.Equal(Enumerable.Range(0, 300), handled.Distinct().Order());
        // Redelivery starts at the committed position and runs forward: the items after the kill are in order.
        var resumed = handled.Skip(beforeRestart).ToList();
        Assert.Equal(resumed.Order(), resumed);
    }
}
