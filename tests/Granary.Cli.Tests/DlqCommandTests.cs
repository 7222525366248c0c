// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Text;
using Granary.Cli.Tests.Infrastructure;
using Granary.Client;
using Xunit;

namespace Granary.Cli.Tests;

/// <summary><c>granary dlq list|describe|replay</c> against a real silo, with dead-letter records as Granary.Streams writes them.</summary>
public sealed class DlqCommandTests
{
    [Fact]
    public async Task Replay_sends_records_to_their_original_topics_with_user_headers_and_remembers_progress()
    {
        await using var silo = await TestSilo.StartAsync(("orders", 1), ("payments", 1), ("orders.dlq", 1));
        var b = silo.BootstrapServers;
        await ProduceDeadLettersAsync(b, "orders.dlq",
            ("k1", "v1", "orders", "System.FormatException"),
            ("k2", "v2", "payments", "System.TimeoutException"),
            ("k3", "v3", "orders", "System.FormatException"));

        var describe = await CliRun.InProcessAsync("dlq", "describe", "--topic", "orders.dlq", "-b", b);
        Assert.True(describe.ExitCode == 0, describe.ToString());
        Assert.Equal("Dead-letter topic 'orders.dlq' holds 3 record(s).", describe.OutLines[0]);
        var describeRows = TopicsCommandTests.Rows(describe);
        Assert.Contains(["orders", "2"], describeRows);
        Assert.Contains(["payments", "1"], describeRows);
        Assert.Contains(["System.FormatException", "2"], describeRows);
        Assert.Contains(["System.TimeoutException", "1"], describeRows);

        var dry = await CliRun.InProcessAsync("dlq", "replay", "--topic", "orders.dlq", "--dry-run", "-b", b);
        Assert.True(dry.ExitCode == 0, dry.ToString());
        Assert.Equal([["TARGET-TOPIC", "RECORDS"], ["orders", "2"], ["payments", "1"]], TopicsCommandTests.Rows(dry));
        Assert.Contains("Dry run: 3 record(s) of orders.dlq would be replayed to 2 topic(s)", dry.Error, StringComparison.Ordinal);
        Assert.Empty(await ReadAllAsync(b, "orders"));

        var list = await CliRun.InProcessAsync("dlq", "list", "-b", b);
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Equal([["TOPIC", "ORIGINAL-TOPIC", "PARTITIONS", "RECORDS", "NOT-REPLAYED"], ["orders.dlq", "orders", "1", "3", "3"]], TopicsCommandTests.Rows(list));

        var replay = await CliRun.InProcessAsync("dlq", "replay", "--topic", "orders.dlq", "-b", b);
        Assert.True(replay.ExitCode == 0, replay.ToString());
        Assert.Contains("Replayed 3 record(s) from orders.dlq to 2 topic(s); progress committed in group 'granary.dlq-replay.orders'", replay.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", replay.Error, StringComparison.Ordinal);
        var orders = await ReadAllAsync(b, "orders");
        Assert.Equal(["k1=v1", "k3=v3"], orders.Select(r => $"{Encoding.UTF8.GetString(r.Message!.Key)}={Encoding.UTF8.GetString(r.Message.Value)}"));
        foreach (var record in orders)
        {
            Assert.Equal(["traceparent", "tenant"], record.Message!.Headers!.Select(h => h.Key));
            Assert.Equal("acme", Encoding.UTF8.GetString(record.Message.Headers!.GetLastBytes("tenant")!));
        }

        Assert.Single(await ReadAllAsync(b, "payments"));

        var again = await CliRun.InProcessAsync("dlq", "replay", "--topic", "orders.dlq", "--timeout", "5000", "-b", b);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("Replayed 0 record(s)", again.Error, StringComparison.Ordinal);
        Assert.Equal(2, (await ReadAllAsync(b, "orders")).Count);
        Assert.Equal(["orders.dlq", "orders", "1", "3", "0"], TopicsCommandTests.Rows(await CliRun.InProcessAsync("dlq", "list", "-b", b))[1]);
    }

    [Fact]
    public async Task Replay_stops_a_partition_at_a_record_it_cannot_route_and_reports_bad_input()
    {
        await using var silo = await TestSilo.StartAsync(("orders", 1), ("orders.dlq", 1));
        var b = silo.BootstrapServers;
        await ProduceDeadLettersAsync(b, "orders.dlq",
            ("k0", "v0", "orders", "E"),
            ("k1", "v1", null, "E"),
            ("k2", "v2", "gone", "E"),
            ("k3", "v3", "orders", "E"));

        var missing = await CliRun.InProcessAsync("dlq", "replay", "--topic", "orders.dlq", "--timeout", "5000", "-b", b);
        Assert.Equal(ExitCodes.Failed, missing.ExitCode);
        Assert.Contains("partition 0 stopped at offset 1: record has no granary.dlq.original.topic header", missing.Error, StringComparison.Ordinal);
        Assert.Contains("Replayed 1 record(s)", missing.Error, StringComparison.Ordinal);

        var unknownTarget = await CliRun.InProcessAsync("dlq", "replay", "--topic", "orders.dlq", "--fallback-topic", "orders", "--timeout", "5000", "-b", b);
        Assert.Equal(ExitCodes.Failed, unknownTarget.ExitCode);
        Assert.Contains("partition 0 stopped at offset 2: original topic 'gone' does not exist", unknownTarget.Error, StringComparison.Ordinal);
        Assert.Contains("Replayed 1 record(s)", unknownTarget.Error, StringComparison.Ordinal);
        Assert.Equal(["k0", "k1"], (await ReadAllAsync(b, "orders")).Select(r => Encoding.UTF8.GetString(r.Message!.Key)));

        var skipBad = await CliRun.InProcessAsync("dlq", "replay", "--topic", "orders.dlq", "--from-offset", "3", "--max-records", "1", "--timeout", "5000", "-b", b);
        Assert.True(skipBad.ExitCode == 0, skipBad.ToString());
        Assert.Equal(["k0", "k1", "k3"], (await ReadAllAsync(b, "orders")).Select(r => Encoding.UTF8.GetString(r.Message!.Key)));

        var unknownDlq = await CliRun.InProcessAsync("dlq", "replay", "--topic", "nope.dlq", "-b", b);
        Assert.Equal(ExitCodes.Failed, unknownDlq.ExitCode);
        Assert.Contains("unknown topic 'nope.dlq'", unknownDlq.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Failed, (await CliRun.InProcessAsync("dlq", "describe", "--topic", "nope.dlq", "-b", b)).ExitCode);

        var backwards = await CliRun.InProcessAsync("dlq", "replay", "--topic", "orders.dlq", "--from-offset", "3", "--to-offset", "1", "-b", b);
        Assert.Equal(ExitCodes.Usage, backwards.ExitCode);
        Assert.Contains("--to-offset must not be less than --from-offset", backwards.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_on_a_terminal_draws_a_live_progress_display_on_stderr_and_keeps_stdout_plain()
    {
        await using var silo = await TestSilo.StartAsync(("orders", 1), ("orders.dlq", 1));
        var b = silo.BootstrapServers;
        await ProduceDeadLettersAsync(b, "orders.dlq", ("k1", "v1", "orders", "E"), ("k2", "v2", "orders", "E"));

        var run = await CliRun.InteractiveAsync("dlq", "replay", "--topic", "orders.dlq", "-b", b);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Replaying orders.dlq", run.Error, StringComparison.Ordinal);
        Assert.Contains("100%", run.Error, StringComparison.Ordinal);
        Assert.Contains("\u001b[", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", run.Out, StringComparison.Ordinal);
        Assert.Equal([["TARGET-TOPIC", "RECORDS"], ["orders", "2"]], TopicsCommandTests.Rows(run));
    }

    internal static async Task ProduceDeadLettersAsync(string bootstrap, string topic, params (string Key, string Value, string? OriginalTopic, string ExceptionType)[] records)
    {
        using var producer = new ProducerBuilder<byte[], byte[]>(new Dictionary<string, string> { ["bootstrap.servers"] = bootstrap }).Build();
        var offset = 0;
        foreach (var (key, value, original, exceptionType) in records)
        {
            var headers = new Headers
            {
                { "traceparent", Encoding.UTF8.GetBytes("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01") },
                { "tenant", Encoding.UTF8.GetBytes("acme") },
            };
            if (original is not null)
            {
                headers.Add("granary.dlq.original.topic", Encoding.UTF8.GetBytes(original));
            }

            headers.Add("granary.dlq.original.offset", Encoding.UTF8.GetBytes((offset++).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            headers.Add("granary.dlq.exception.type", Encoding.UTF8.GetBytes(exceptionType));
            headers.Add("granary.dlq.attempts", Encoding.UTF8.GetBytes("5"));
            await producer.ProduceAsync(topic, new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(key), Value = Encoding.UTF8.GetBytes(value), Headers = headers });
        }
    }

    private static async Task<List<ConsumeResult<byte[], byte[]>>> ReadAllAsync(string bootstrap, string topic)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new Dictionary<string, string> { ["bootstrap.servers"] = bootstrap, ["group.id"] = "reader" }).Build();
        var tp = new TopicPartition(topic, 0);
        var end = consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(30)).High.Value;
        var records = new List<ConsumeResult<byte[], byte[]>>();
        if (end > 0)
        {
            consumer.Assign(new TopicPartitionOffset(tp, Offset.Beginning));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (records.Count < end)
            {
                records.Add(await consumer.ConsumeAsync(timeout.Token));
            }
        }

        consumer.Close();
        return records;
    }
}
