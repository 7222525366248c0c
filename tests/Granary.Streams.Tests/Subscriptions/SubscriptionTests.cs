// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using Granary.Streams.Tests.Infrastructure;

namespace Granary.Streams.Tests.Subscriptions;

public class SubscriptionTests
{
    [Fact]
    public async Task EveryPublishedItemIsDeliveredInOrderAcrossHandlerExceptions()
    {
        await using var harness = await StreamHarness.StartAsync(("orders", 2));
        var provider = harness.NewProvider();
        var stream = provider.GetStream<Order>(StreamId.Create("orders", "customer-1"));
        for (var i = 0; i < 30; i++)
        {
            await stream.OnNextAsync(new Order(i, "customer-1"));
        }

        var delivered = new List<(int Id, StreamSequenceToken Token)>();
        var failedOnce = new HashSet<int>();
        await stream.SubscribeAsync((order, token) =>
        {
            lock (delivered)
            {
                if (order.Id % 4 == 1 && failedOnce.Add(order.Id))
                {
                    throw new InvalidOperationException("first attempt fails");
                }

                delivered.Add((order.Id, token));
            }

            return Task.CompletedTask;
        });

        await Wait.UntilAsync(() => { lock (delivered) { return delivered.Count >= 30; } }, "30 orders are delivered");
        lock (delivered)
        {
            Assert.Equal(Enumerable.Range(0, 30), delivered.Select(d => d.Id));
            Assert.Single(delivered.Select(d => d.Token.Partition).Distinct());
            Assert.Equal(delivered.Select(d => d.Token).Order(), delivered.Select(d => d.Token));
        }
    }

    [Fact]
    public async Task ARestartedSubscriptionResumesAtItsCommittedPosition()
    {
        await using var harness = await StreamHarness.StartAsync(("events", 1));
        var id = StreamId.Create("events", 7);
        var first = harness.NewProvider();
        var stream = first.GetStream<int>(id);
        await stream.OnNextBatchAsync(Enumerable.Range(0, 10));

        var seen = new ConcurrentQueue<int>();
        await stream.SubscribeAsync((item, _) =>
        {
            seen.Enqueue(item);
            return Task.CompletedTask;
        });
        await Wait.UntilAsync(() => seen.Count >= 10, "the first ten items arrive");
        await first.DisposeAsync();

        await stream.OnNextBatchAsync(Enumerable.Range(10, 10));
        var second = harness.NewProvider();
        var afterRestart = new ConcurrentQueue<int>();
        await second.GetStream<int>(id).SubscribeAsync((item, _) =>
        {
            afterRestart.Enqueue(item);
            return Task.CompletedTask;
        });

        await Wait.UntilAsync(() => afterRestart.Count >= 10, "the next ten items arrive after the restart");
        Assert.Equal(Enumerable.Range(10, 10), afterRestart);
    }

    [Fact]
    public async Task SubscriptionsRewindToATokenOrATime()
    {
        await using var harness = await StreamHarness.StartAsync(("rewind", 1));
        var provider = harness.NewProvider();
        var stream = provider.GetStream<int>(StreamId.Create("rewind", "k"));
        await stream.OnNextBatchAsync(Enumerable.Range(0, 10));
        await Task.Delay(30);
        var cut = TimeProvider.System.GetUtcNow();
        await Task.Delay(30);
        await stream.OnNextBatchAsync(Enumerable.Range(10, 10));

        var tokens = new ConcurrentDictionary<int, StreamSequenceToken>();
        await stream.SubscribeAsync((item, token) =>
        {
            tokens[item] = token;
            return Task.CompletedTask;
        }, new StreamSubscribeOptions { Name = "all" });
        await Wait.UntilAsync(() => tokens.Count == 20, "the tokens of all items are known");

        // A stored token (serialised and parsed back) rewinds a new subscription to exactly that item.
        var stored = StreamSequenceToken.Parse(tokens[5].ToString());
        var fromToken = new ConcurrentQueue<int>();
        await stream.SubscribeAsync((item, _) =>
        {
            fromToken.Enqueue(item);
            return Task.CompletedTask;
        }, new StreamSubscribeOptions { Name = "by-token", Token = stored });

        var fromTime = new ConcurrentQueue<int>();
        await stream.SubscribeAsync((item, _) =>
        {
            fromTime.Enqueue(item);
            return Task.CompletedTask;
        }, new StreamSubscribeOptions { Name = "by-time", FromTime = cut });

        await Wait.UntilAsync(() => fromToken.Count >= 15 && fromTime.Count >= 10, "both rewound subscriptions catch up");
        Assert.Equal(Enumerable.Range(5, 15), fromToken);
        Assert.Equal(Enumerable.Range(10, 10), fromTime);
    }

    public sealed record Order(int Id, string Customer);
}
