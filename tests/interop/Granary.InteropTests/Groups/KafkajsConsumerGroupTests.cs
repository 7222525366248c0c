// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Text.Json;
using Granary.IntegrationTests.Infrastructure;
using Granary.InteropTests.Infrastructure;
using Xunit;

namespace Granary.InteropTests.Groups;

/// <summary>kafkajs 2.2.4 consumer groups against a child-process silo (tests/interop/kafkajs/groups.js).</summary>
public sealed class KafkajsConsumerGroupTests
{
    [Fact]
    public async Task Three_consumers_consume_each_message_once_while_one_leaves_and_another_joins()
    {
        using var data = new TempDirectory();
        await using var silo = await SiloProcess.StartAsync(data.Path, "--override", "group.initial.rebalance.delay.ms=0", "--override", "num.partitions=6");

        var result = await Kafkajs.RunAsync("groups.js", "rebalance", $"127.0.0.1:{silo.Port}", "shared", "workers");

        Assert.Equal(180, result.GetProperty("expected").GetInt32());
        Assert.Empty(result.GetProperty("missing").EnumerateArray());
        Assert.Empty(result.GetProperty("duplicates").EnumerateArray());
        Assert.Equal(180, result.GetProperty("received").GetInt32());

        // The member that joined late was given partitions and consumed from them.
        var perMember = result.GetProperty("perMember");
        Assert.True(perMember.TryGetProperty("c4", out var joined) && joined.GetInt32() > 0, perMember.ToString());
    }

    [Fact]
    public async Task A_consumer_resumes_at_the_committed_offset_after_the_silo_is_killed()
    {
        using var data = new TempDirectory();
        string[] args = ["--override", "group.initial.rebalance.delay.ms=0", "--override", "num.partitions=3"];
        var silo = await SiloProcess.StartAsync(data.Path, args);
        try
        {
            var broker = $"127.0.0.1:{silo.Port}";
            await Kafkajs.RunAsync("groups.js", "produce", broker, "ledger", "p", "5");
            var first = await Kafkajs.RunAsync("groups.js", "consume", broker, "ledger", "auditors", "5");
            Assert.Equal(["p-0", "p-1", "p-2", "p-3", "p-4"], Values(first).Order(StringComparer.Ordinal));

            // SIGKILL: nothing gets a clean shutdown, so only what was durable when acknowledged survives.
            await silo.DisposeAsync();
            silo = await SiloProcess.StartAsync(data.Path, args);
            broker = $"127.0.0.1:{silo.Port}";
            await Kafkajs.RunAsync("groups.js", "produce", broker, "ledger", "q", "2");

            var second = await Kafkajs.RunAsync("groups.js", "consume", broker, "ledger", "auditors", "2");
            Assert.Equal(["q-0", "q-1"], Values(second).Order(StringComparer.Ordinal));
        }
        finally
        {
            await silo.DisposeAsync();
        }
    }

    private static IEnumerable<string> Values(JsonElement result) =>
        result.GetProperty("values").EnumerateArray().Select(v => v.GetString()!).ToList();
}
