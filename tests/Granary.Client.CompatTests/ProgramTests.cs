// Copyright (c) Granary contributors. Licensed under the MIT License.

using CompatTests.Programs;
using Granary.Client.Tests.Infrastructure;
using Xunit;

namespace CompatTests;

/// <summary>Runs the Confluent.Kafka-shaped programs under Programs/ against an in-process silo.</summary>
public class ProgramTests
{
    [Fact]
    public async Task The_producer_with_a_delivery_handler_delivers_every_message()
    {
        await using var silo = await TestSilo.StartAsync(("compat-produce", 3));
        using var output = new StringWriter();

        var exit = DeliveryHandlerProducer.Run(silo.BootstrapServers, "compat-produce", output);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        Assert.True(exit == 0, output.ToString());
        Assert.Equal(10, lines.Count(l => l.StartsWith("Delivered 'value-", StringComparison.Ordinal)));
        Assert.Equal(0, await DeliveryHandlerProducer.RunAsync(silo.BootstrapServers, "compat-produce", output));
        Assert.Matches(@"Delivered 'test' to 'compat-produce \[\d\] @\d+'", output.ToString());
    }
}
