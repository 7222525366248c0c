// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using System.Text;
using Granary.Client;
using Granary.Streams.Failures;
using Granary.Streams.Tests.Infrastructure;

namespace Granary.Streams.Tests.Failures;

public class DeadLetterTests
{
    [Fact]
    public async Task ARecordFailingEveryAttemptIsDeadLetteredTheStreamMovesOnAndReplayBringsItBack()
    {
        await using var harness = await StreamHarness.StartAsync(("payments", 1), ("payments.dlq", 1));
        var provider = harness.NewProvider();
        var stream = provider.GetStream<string>(StreamId.Create("payments", "p"));
        await stream.OnNextBatchAsync(["ok-0", "poison", "ok-2"]);

        var attempts = new ConcurrentDictionary<string, int>();
        var handled = new ConcurrentQueue<string>();
        var healed = false;
        await stream.SubscribeAsync((item, _) =>
        {
            attempts.AddOrUpdate(item, 1, (_, n) => n + 1);
            if (item == "poison" && !Volatile.Read(ref healed))
            {
                throw new FormatException("cannot parse poison");
            }

            handled.Enqueue(item);
            return Task.CompletedTask;
        });

        await Wait.UntilAsync(() => handled.Contains("ok-2"), "the record after the poison one is handled");
        Assert.Equal(3, attempts["poison"]);
        Assert.Equal(["ok-0", "ok-2"], handled);

        var dead = ReadOne(harness, "payments.dlq");
        Assert.Equal("poison", Encoding.UTF8.GetString(dead.Message!.Value));
        Assert.Equal("p", Encoding.UTF8.GetString(dead.Message.Key));
        Assert.Equal("payments", Header(dead, DeadLetterHeaders.OriginalTopic));
        Assert.Equal("0", Header(dead, DeadLetterHeaders.OriginalPartition));
        Assert.Equal("1", Header(dead, DeadLetterHeaders.OriginalOffset));
        Assert.Equal(typeof(FormatException).FullName, Header(dead, DeadLetterHeaders.ExceptionType));
        Assert.Equal("cannot parse poison", Header(dead, DeadLetterHeaders.ExceptionMessage));
        Assert.Equal("3", Header(dead, DeadLetterHeaders.AttemptCount));

        Volatile.Write(ref healed, true);
        Assert.Equal(1, await DeadLetterReplayer.ReplayAsync(harness.Client, "payments"));
        await Wait.UntilAsync(() => handled.Contains("poison"), "the replayed record is handled");
        Assert.Equal(0, await DeadLetterReplayer.ReplayAsync(harness.Client, "payments", new DeadLetterReplayOptions { Timeout = TimeSpan.FromSeconds(15) }));
    }

    private static ConsumeResult<byte[], byte[]> ReadOne(StreamHarness harness, string topic)
    {
        using var consumer = harness.Client.CreateConsumerBuilder(new Dictionary<string, string> { ["group.id"] = "dlq-reader", ["auto.offset.reset"] = "earliest" }).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var result = consumer.Consume(TimeSpan.FromSeconds(30));
        Assert.NotNull(result);
        consumer.Close();
        return result;
    }

    private static string Header(ConsumeResult<byte[], byte[]> result, string key) => Encoding.UTF8.GetString(result.Message!.Headers!.GetLastBytes(key)!);
}
