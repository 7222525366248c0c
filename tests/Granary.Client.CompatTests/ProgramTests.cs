// Copyright (c) Granary contributors. Licensed under the MIT License.

using CompatTests.Programs;
using Granary.Client.Tests.Infrastructure;
using Xunit;

namespace CompatTests;

/// <summary>Runs the Confluent.Kafka-shaped programs under Programs/ against an in-process silo.</summary>
public class ProgramTests
{
    private static string[] Lines(StringWriter output) =>
        output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Fact]
    public async Task The_producer_with_a_delivery_handler_delivers_every_message()
    {
        await using var silo = await TestSilo.StartAsync(("compat-produce", 3));
        using var output = new StringWriter();

        var exit = DeliveryHandlerProducer.Run(silo.BootstrapServers, "compat-produce", output);

        Assert.True(exit == 0, output.ToString());
        Assert.Equal(10, Lines(output).Count(l => l.StartsWith("Delivered 'value-", StringComparison.Ordinal)));
        Assert.Equal(0, await DeliveryHandlerProducer.RunAsync(silo.BootstrapServers, "compat-produce", output));
        Assert.Matches(@"Delivered 'test' to 'compat-produce \[\d\] @\d+'", output.ToString());
    }

    [Fact]
    public async Task Admin_creates_the_topic_the_producer_fills_and_the_manual_commit_consumer_reads_once()
    {
        await using var silo = await TestSilo.StartAsync();
        using var output = new StringWriter();

        Assert.True(await CreateTopicsAdmin.CreateTopicAsync(silo.BootstrapServers, "compat-flow", 2, output), output.ToString());
        Assert.False(await CreateTopicsAdmin.CreateTopicAsync(silo.BootstrapServers, "compat-flow", 2, output));
        Assert.Contains("(TopicAlreadyExists)", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("compat-flow", CreateTopicsAdmin.ListTopics(silo.BootstrapServers));

        Assert.True(DeliveryHandlerProducer.Run(silo.BootstrapServers, "compat-flow", output) == 0, output.ToString());

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var first = new StringWriter();
        ManualCommitConsumer.Run(silo.BootstrapServers, ["compat-flow"], "compat-group", 10, first, timeout.Token);
        var received = Lines(first).Where(l => l.StartsWith("Received message at", StringComparison.Ordinal)).ToList();
        Assert.True(received.Count == 10, first.ToString());
        Assert.Equal(
            Enumerable.Range(0, 10).Select(i => $"value-{i}").Order(StringComparer.Ordinal),
            received.Select(l => l[(l.LastIndexOf(": ", StringComparison.Ordinal) + 2)..]).Order(StringComparer.Ordinal));
        Assert.Contains("Closing consumer.", first.ToString(), StringComparison.Ordinal);

        // The commits hold: the same group, run again, gets only what was produced since.
        Assert.Equal(0, await DeliveryHandlerProducer.RunAsync(silo.BootstrapServers, "compat-flow", output));
        using var second = new StringWriter();
        ManualCommitConsumer.Run(silo.BootstrapServers, ["compat-flow"], "compat-group", 1, second, timeout.Token);
        var again = Lines(second).Where(l => l.StartsWith("Received message at", StringComparison.Ordinal)).ToList();
        Assert.True(again.Count == 1, second.ToString());
        Assert.EndsWith(": test", again[0], StringComparison.Ordinal);
    }
}
