// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using Xunit;
using Xunit.Abstractions;
using static Granary.Client.Tests.Consuming.ConsumerTestKit;

namespace Granary.Client.Tests.Consuming;

public class GroupConsumerTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("range")]
    [InlineData("roundrobin")]
    [InlineData("cooperative-sticky")]
    public async Task ThreeMembersShareEveryPartitionExactlyOnceAndRebalanceWhenOneLeaves(string strategy)
    {
        await using var silo = await GroupTestSilo.StartAsync(("shared", 6));
        var group = "three-" + strategy;
        var members = Enumerable.Range(0, 3).Select(i => new Member(silo.BootstrapServers, group, strategy, $"m{i}")).ToList();
        try
        {
            foreach (var member in members)
            {
                member.Consumer.Subscribe("shared");
            }

            var all = Enumerable.Range(0, 6).Select(p => new TopicPartition("shared", p)).ToList();
            Assert.True(PollUntil(() => Settled(members, all, expectedEach: 2), [.. members.Select(m => m.Consumer)]), Describe(members));

            // Records produced now are read exactly once by the group.
            for (var p = 0; p < 6; p++)
            {
                await ProduceAsync(silo.BootstrapServers, "shared", p, 5, first: p * 100);
            }

            var seen = new ConcurrentBag<string>();
            Assert.True(PollUntilCollect(members, seen, 30), $"read {seen.Count} of 30");
            Assert.Equal(30, seen.Distinct().Count());

            members[2].Consumer.Close();
            var remaining = members.Take(2).ToList();
            Assert.True(PollUntil(() => Settled(remaining, all, expectedEach: 3), [.. remaining.Select(m => m.Consumer)]), Describe(remaining));

            foreach (var member in members)
            {
                member.AssertCallbackOrder(cooperative: strategy == "cooperative-sticky");
            }

            if (strategy == "cooperative-sticky")
            {
                // Cooperative: the survivors kept what they had and only gained the leaver's partitions.
                foreach (var member in remaining)
                {
                    Assert.DoesNotContain(member.Events, e => e.Kind == "revoked" && e.Partitions.Count > 0);
                }
            }
        }
        finally
        {
            foreach (var member in members)
            {
                member.Consumer.Dispose();
            }
        }
    }

    [Fact]
    public async Task MaxPollIntervalExceededLeavesTheGroupAndReportsLostPartitions()
    {
        await using var silo = await GroupTestSilo.StartAsync(("slow", 2));
        var config = Config(silo.BootstrapServers, "slow-group");
        config.SessionTimeoutMs = 1000;
        config.MaxPollIntervalMs = 1500;
        var lost = new ConcurrentQueue<List<TopicPartitionOffset>>();
        var errors = new ConcurrentQueue<Error>();
        var logs = new ConcurrentQueue<string>();
        using var consumer = new ConsumerBuilder<string, string>(config)
            .SetPartitionsLostHandler((_, partitions) => lost.Enqueue(partitions))
            .SetErrorHandler((_, e) => errors.Enqueue(e))
            .SetLogHandler((_, m) => logs.Enqueue(m.Message))
            .Build();
        try
        {
            consumer.Subscribe("slow");
            Assert.True(PollUntil(() => consumer.Assignment.Count == 2, consumer));

            // Not calling Consume for longer than max.poll.interval.ms.
            await Task.Delay(3000);
            Assert.Empty(lost);
            Assert.True(PollUntil(() => !lost.IsEmpty, consumer));
            Assert.Equal(2, Assert.Single(lost).Count);
            Assert.Contains(errors, e => e.Code == ErrorCode.Local_MaxPollExceeded);

            // Polling again rejoins and gets the partitions back.
            Assert.True(PollUntil(() => consumer.Assignment.Count == 2, consumer));
        }
        finally
        {
            foreach (var line in logs.Concat(errors.Select(e => "error: " + e.Reason)))
            {
                output.WriteLine(line);
            }
        }
    }

    [Fact]
    public async Task StaticMemberRestartingWithinTheSessionRejoinsWithoutARebalance()
    {
        await using var silo = await GroupTestSilo.StartAsync(("static", 4));
        var all = Enumerable.Range(0, 4).Select(p => new TopicPartition("static", p)).ToList();
        var a = new Member(silo.BootstrapServers, "static-group", "range", "a", instanceId: "instance-a", sessionTimeoutMs: 10000);
        var b = new Member(silo.BootstrapServers, "static-group", "range", "b", instanceId: "instance-b", sessionTimeoutMs: 10000);
        Member? a2 = null;
        try
        {
            a.Consumer.Subscribe("static");
            b.Consumer.Subscribe("static");
            Assert.True(PollUntil(() => Settled([a, b], all, expectedEach: 2), a.Consumer, b.Consumer), Describe([a, b]));
            var before = a.Consumer.Assignment.Order().ToList();
            var bEvents = b.Events.Count;

            a.Consumer.Close();
            a2 = new Member(silo.BootstrapServers, "static-group", "range", "a2", instanceId: "instance-a", sessionTimeoutMs: 10000);
            a2.Consumer.Subscribe("static");
            Assert.True(PollUntil(() => a2.Consumer.Assignment.Count == 2, a2.Consumer, b.Consumer));
            Assert.Equal(before, a2.Consumer.Assignment.Order().ToList());

            // b keeps polling for a while: no rebalance reaches it.
            for (var i = 0; i < 20; i++)
            {
                b.Consumer.Consume(TimeSpan.FromMilliseconds(50));
            }

            Assert.Equal(bEvents, b.Events.Count);
        }
        finally
        {
            a.Consumer.Dispose();
            a2?.Consumer.Dispose();
            b.Consumer.Dispose();
        }
    }

    [Fact]
    public async Task RegexSubscriptionPicksUpMatchingTopicsAndCommitsOnRevoke()
    {
        await using var silo = await GroupTestSilo.StartAsync(("metrics-a", 1), ("metrics-b", 1), ("other", 1));
        await ProduceAsync(silo.BootstrapServers, "metrics-a", 0, 4);
        await ProduceAsync(silo.BootstrapServers, "metrics-b", 0, 4);
        await ProduceAsync(silo.BootstrapServers, "other", 0, 4);
        var config = Config(silo.BootstrapServers, "regex-group");
        config.AutoCommitIntervalMs = 0;
        using (var consumer = new ConsumerBuilder<string, string>(config).Build())
        {
            consumer.Subscribe("^metrics-.*");
            var records = ConsumeRecords(consumer, 8);
            Assert.Equal(8, records.Count);
            Assert.Equal(["metrics-a", "metrics-b"], records.Select(r => r.Topic).Distinct().Order());
            Assert.Equal(["^metrics-.*"], consumer.Subscription);

            // Close revokes, and the revoke commits the stored offsets (enable.auto.commit).
        }

        using var again = new ConsumerBuilder<string, string>(Config(silo.BootstrapServers, "regex-group")).Build();
        var committed = again.Committed([new TopicPartition("metrics-a", 0), new TopicPartition("metrics-b", 0)], TimeSpan.FromSeconds(10));
        Assert.All(committed, c => Assert.Equal(new Offset(4), c.Offset));
    }

    private static bool PollUntilCollect(List<Member> members, ConcurrentBag<string> seen, int count)
    {
        var deadline = Environment.TickCount64 + 30_000;
        while (seen.Count < count && Environment.TickCount64 < deadline)
        {
            foreach (var member in members)
            {
                if (member.Consumer.Consume(TimeSpan.FromMilliseconds(20)) is { IsPartitionEOF: false } result)
                {
                    seen.Add($"{result.Partition.Value}:{result.Offset.Value}");
                }
            }
        }

        return seen.Count >= count;
    }

    private static bool Settled(List<Member> members, List<TopicPartition> all, int expectedEach)
    {
        var assignments = members.Select(m => m.Consumer.Assignment).ToList();
        var union = assignments.SelectMany(a => a).ToList();
        return union.Count == all.Count && union.Distinct().Count() == all.Count && all.All(union.Contains) &&
            assignments.All(a => a.Count == expectedEach);
    }

    private static string Describe(List<Member> members) =>
        string.Join(" | ", members.Select(m => $"{m.Name}: [{string.Join(",", m.Consumer.Assignment.Select(tp => tp.Partition.Value))}] events " +
            string.Join(" ", m.Events.Select(e => $"{e.Kind}({string.Join(",", e.Partitions.Select(p => p.Partition.Value))})"))));

    private sealed record RebalanceEvent(string Kind, List<TopicPartition> Partitions);

    private sealed class Member
    {
        public Member(string servers, string group, string strategy, string name, string? instanceId = null, int sessionTimeoutMs = 3000)
        {
            Name = name;
            var config = Config(servers, group);
            config.Set("partition.assignment.strategy", strategy);
            config.GroupInstanceId = instanceId;
            config.SessionTimeoutMs = sessionTimeoutMs;
            config.ClientId = name;
            Consumer = new ConsumerBuilder<string, string>(config)
                .SetPartitionsAssignedHandler((_, partitions) => Events.Add(new RebalanceEvent("assigned", [.. partitions])))
                .SetPartitionsRevokedHandler((_, partitions) => Events.Add(new RebalanceEvent("revoked", [.. partitions.Select(p => p.TopicPartition)])))
                .SetPartitionsLostHandler((_, partitions) => Events.Add(new RebalanceEvent("lost", [.. partitions.Select(p => p.TopicPartition)])))
                .Build();
        }

        public string Name { get; }

        public IConsumer<string, string> Consumer { get; }

        /// <summary>Handlers run on the thread that calls Consume, which in these tests is the test's thread.</summary>
        public List<RebalanceEvent> Events { get; } = [];

        public void AssertCallbackOrder(bool cooperative)
        {
            Assert.NotEmpty(Events);
            Assert.Equal("assigned", Events[0].Kind);
            var owned = new HashSet<TopicPartition>();
            foreach (var e in Events)
            {
                switch (e.Kind)
                {
                    case "assigned":
                        if (!cooperative)
                        {
                            Assert.Empty(owned);
                        }

                        Assert.All(e.Partitions, tp => Assert.True(owned.Add(tp), $"{Name}: {tp} assigned twice"));
                        break;
                    default:
                        Assert.All(e.Partitions, tp => Assert.True(owned.Remove(tp), $"{Name}: {tp} revoked but not owned"));
                        if (!cooperative)
                        {
                            Assert.Empty(owned);
                        }

                        break;
                }
            }
        }
    }
}
