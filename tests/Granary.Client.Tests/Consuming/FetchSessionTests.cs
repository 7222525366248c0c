// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Client.Consuming;
using Granary.Silo.FetchSessions;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Xunit.Abstractions;
using static Granary.Client.Tests.Consuming.ConsumerTestKit;

namespace Granary.Client.Tests.Consuming;

/// <summary>The consumer's KIP-227 fetch sessions against a real silo.</summary>
public class FetchSessionTests(ITestOutputHelper output)
{
    [Fact]
    public async Task RecordsArriveInOrderAcrossIncrementalFetchesWithPauseResumeAndReassignment()
    {
        await using var silo = await GroupTestSilo.StartAsync(("s", 3));
        var cache = silo.Services.GetRequiredService<FetchSessionCache>();
        var all = Enumerable.Range(0, 3).Select(p => new TopicPartition("s", p)).ToList();
        var seen = all.ToDictionary(tp => tp, _ => new List<int>());
        using var consumer = new ConsumerBuilder<string, string>(Config(silo.BootstrapServers)).Build();
        consumer.Assign(all.Select(tp => new TopicPartitionOffset(tp, Offset.Beginning)));

        var produced = 0;
        async Task RoundAsync(int perPartition)
        {
            foreach (var tp in all)
            {
                await ProduceAsync(silo.BootstrapServers, "s", tp.Partition.Value, perPartition, first: produced);
            }

            produced += perPartition;
        }

        void Drain(IEnumerable<TopicPartition> partitions, int upTo)
        {
            var wanted = partitions.ToList();
            Assert.True(PollUntilRecords(consumer, seen, () => wanted.All(tp => seen[tp].Count == upTo)), Describe(seen));
        }

        for (var round = 0; round < 5; round++)
        {
            await RoundAsync(20);
            Drain(all, produced);
        }

        // Paused: p1 stays where it is while the others go on; resumed, it continues from its position.
        consumer.Pause([all[1]]);
        await RoundAsync(20);
        Drain([all[0], all[2]], produced);
        Assert.Equal(produced - 20, seen[all[1]].Count);
        consumer.Resume([all[1]]);
        Drain(all, produced);

        // Unassigned and assigned again (from the position it had): no gap, no duplicate.
        var position = consumer.Position(all[2]);
        consumer.IncrementalUnassign([all[2]]);
        await RoundAsync(20);
        Drain([all[0], all[1]], produced);
        consumer.IncrementalAssign([new TopicPartitionOffset(all[2], position)]);
        await RoundAsync(20);
        Drain(all, produced);

        foreach (var tp in all)
        {
            Assert.Equal(Enumerable.Range(0, produced), seen[tp]);
        }

        var core = ((Consumer<string, string>)consumer).Core;
        var counters = core.FetchSessionCounters;
        output.WriteLine($"full {counters.Full}, incremental {counters.Incremental}, resets {counters.Resets}, open {counters.Open}");
        Assert.True(counters.Incremental >= 10, $"only {counters.Incremental} incremental fetches");
        Assert.Equal(1, counters.Open);
        Assert.Equal(1, cache.Count);

        // Unassigning everything closes the session on the silo.
        consumer.Unassign();
        Assert.True(await WaitUntilAsync(() => cache.Count == 0), $"the silo still holds {cache.Count} session(s)");
        Assert.Equal(0, cache.Evictions);
    }

    [Fact]
    public async Task EvictedSessionsRecoverWithoutLosingOrDuplicatingRecords()
    {
        await using var silo = await GroupTestSilo.StartAsync(["max.incremental.fetch.session.cache.slots=1"], ("e", 2));
        var cache = silo.Services.GetRequiredService<FetchSessionCache>();
        var tps = new[] { new TopicPartition("e", 0), new TopicPartition("e", 1) };
        var consumers = tps.Select(tp =>
        {
            var c = new ConsumerBuilder<string, string>(Config(silo.BootstrapServers)).Build();
            c.Assign(new TopicPartitionOffset(tp, Offset.Beginning));
            return c;
        }).ToArray();
        try
        {
            var seen = tps.ToDictionary(tp => tp, _ => new List<int>());
            const int Rounds = 8;
            const int PerRound = 25;
            for (var round = 0; round < Rounds; round++)
            {
                foreach (var tp in tps)
                {
                    await ProduceAsync(silo.BootstrapServers, "e", tp.Partition.Value, PerRound, first: round * PerRound);
                }

                for (var i = 0; i < 2; i++)
                {
                    var upTo = (round + 1) * PerRound;
                    var tp = tps[i];
                    Assert.True(PollUntilRecords(consumers[i], seen, () => seen[tp].Count >= upTo), Describe(seen));
                }
            }

            foreach (var tp in tps)
            {
                Assert.Equal(Enumerable.Range(0, Rounds * PerRound), seen[tp]);
            }

            var resets = consumers.Sum(c => ((Consumer<string, string>)c).Core.FetchSessionCounters.Resets);
            output.WriteLine($"evictions {cache.Evictions}, client session resets {resets}");
            Assert.True(cache.Evictions > 0, "two consumers shared one slot without evicting each other");
            Assert.True(resets > 0, "no consumer noticed that its session was evicted");
            Assert.Equal(1, cache.Count);
        }
        finally
        {
            foreach (var c in consumers)
            {
                c.Dispose();
            }
        }
    }

    /// <summary>Consumes into <paramref name="seen"/> (value "vN" → N) until the condition holds or 30 s pass.</summary>
    private static bool PollUntilRecords(IConsumer<string, string> consumer, Dictionary<TopicPartition, List<int>> seen, Func<bool> done)
    {
        var deadline = Environment.TickCount64 + 30_000;
        while (!done() && Environment.TickCount64 < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(50));
            if (result is { IsPartitionEOF: false, Message: not null })
            {
                seen[result.TopicPartition].Add(int.Parse(result.Message.Value.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return done();
    }

    private static async Task<bool> WaitUntilAsync(Func<bool> condition)
    {
        var deadline = Environment.TickCount64 + 10_000;
        while (!condition() && Environment.TickCount64 < deadline)
        {
            await Task.Delay(20);
        }

        return condition();
    }

    private static string Describe(Dictionary<TopicPartition, List<int>> seen) =>
        string.Join("; ", seen.Select(kv => $"{kv.Key}: {kv.Value.Count} records, last {(kv.Value.Count > 0 ? kv.Value[^1] : -1)}"));
}
