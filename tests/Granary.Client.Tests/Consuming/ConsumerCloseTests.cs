// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Diagnostics;
using Xunit;
using Xunit.Abstractions;
using static Granary.Client.Tests.Consuming.ConsumerTestKit;

namespace Granary.Client.Tests.Consuming;

public class ConsumerCloseTests(ITestOutputHelper output)
{
    [Fact]
    public async Task CloseLeavesTheGroupSoTheOtherMemberTakesOverLongBeforeTheSessionTimeout()
    {
        await using var silo = await GroupTestSilo.StartAsync(("close", 4));
        await ProduceAsync(silo.BootstrapServers, "close", 0, 10);

        // A session timeout far beyond the test's own limits: only the LeaveGroup that Close sends can hand the
        // closing member's partitions to the other one in time.
        IConsumer<string, string> Create(string name)
        {
            var config = Config(silo.BootstrapServers, "close-group");
            config.SessionTimeoutMs = 120_000;
            config.ClientId = name;
            config.FetchWaitMaxMs = 500;
            return new ConsumerBuilder<string, string>(config).Build();
        }

        using var stays = Create("stays");
        using var leaves = Create("leaves");
        stays.Subscribe("close");
        leaves.Subscribe("close");
        Assert.True(PollUntil(() => stays.Assignment.Count == 2 && leaves.Assignment.Count == 2, stays, leaves),
            $"stays {stays.Assignment.Count}, leaves {leaves.Assignment.Count}");

        // The closing member is in the middle of long polls (nothing more to read) when Close starts.
        leaves.Consume(TimeSpan.FromMilliseconds(200));
        var watch = Stopwatch.StartNew();
        leaves.Close();
        output.WriteLine($"Close took {watch.ElapsedMilliseconds} ms");

        Assert.True(PollUntil(() => stays.Assignment.Count == 4, stays), $"stays has {stays.Assignment.Count} partitions");
        output.WriteLine($"the other member had every partition {watch.ElapsedMilliseconds} ms after Close started");
    }

    [Fact]
    public async Task CloseCommitsTheConsumedPositionsWhenAutoCommitIsOn()
    {
        await using var silo = await GroupTestSilo.StartAsync(("commit-on-close", 1));
        await ProduceAsync(silo.BootstrapServers, "commit-on-close", 0, 7);
        var config = Config(silo.BootstrapServers, "commit-group");
        config.AutoCommitIntervalMs = 600_000;
        using (var consumer = new ConsumerBuilder<string, string>(config).Build())
        {
            consumer.Subscribe("commit-on-close");
            Assert.Equal(7, ConsumeRecords(consumer, 7).Count);
            consumer.Close();
        }

        using var next = new ConsumerBuilder<string, string>(Config(silo.BootstrapServers, "commit-group")).Build();
        var committed = next.Committed([new TopicPartition("commit-on-close", 0)], TimeSpan.FromSeconds(10));
        Assert.Equal(7, Assert.Single(committed).Offset.Value);
    }
}
