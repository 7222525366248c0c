// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Globalization;
using Granary.Client.Producing;
using Xunit;

namespace Granary.Client.Tests.Producing;

/// <summary>The idempotent producer with five batches in flight while a proxy cuts its connections at random.</summary>
public class IdempotenceTests
{
    [Fact]
    public async Task Every_record_lands_exactly_once_in_order_despite_random_connection_cuts()
    {
        await using var silo = await ProxiedSilo.StartAsync("numbers", 2);
        var config = silo.CutTolerantProducerConfig(batchNumMessages: 20);
        using var producer = (Producer<string, string>)new ProducerBuilder<string, string>(config).Build();
        await producer.ProduceAsync(new TopicPartition("numbers", 0), new Message<string, string> { Key = "w", Value = "warm" });
        await producer.ProduceAsync(new TopicPartition("numbers", 1), new Message<string, string> { Key = "w", Value = "warm" });

        silo.Proxy.StartChaos(seed: 3039, minInterval: 20, maxInterval: 120, maxCuts: 25);

        // A cut only forces a resend when it catches a batch in flight; on an idle machine batches are acknowledged
        // within a millisecond, so keep producing (up to MaxCount) until cuts have caught some, instead of hoping a
        // fixed count spans enough of them.
        const int MinCount = 3000;
        const int MaxCount = 60000;
        var errors = new List<string>();
        var count = 0;
        for (var i = 0; i < MaxCount && (i < MinCount || producer.Core.Resends == 0); i++, count++)
        {
            var partition = i % 2;
            producer.Produce(new TopicPartition("numbers", partition), new Message<string, string> { Key = "k", Value = i.ToString(CultureInfo.InvariantCulture) }, r =>
            {
                if (r.Error.IsError)
                {
                    lock (errors)
                    {
                        errors.Add(r.Error.Reason);
                    }
                }
            });
            if (i % 100 == 0)
            {
                // Spread the records over the chaos window.
                await Task.Delay(15);
            }
        }

        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(120)));
        await silo.Proxy.StopChaosAsync();
        Assert.Empty(errors);
        Assert.True(silo.Proxy.Cuts > 0, "No connection was cut.");
        Assert.True(producer.Core.Resends > 0, "No batch was resent.");

        for (var p = 0; p < 2; p++)
        {
            var log = await ProducerTests.FetchAllAsync(silo.DirectServers, "numbers", p);
            var expected = Enumerable.Range(0, count).Where(i => i % 2 == p).Select(i => i.ToString(CultureInfo.InvariantCulture));
            Assert.Equal(expected.Prepend("warm"), log.Select(r => r.Value));
        }
    }

    [Fact]
    public async Task A_rejected_batch_in_the_pipeline_bumps_the_epoch_and_the_batches_behind_it_still_land_in_order()
    {
        await using var silo = await ProxiedSilo.StartAsync("gap", 1);
        var config = new ProducerConfig { BootstrapServers = silo.BootstrapServers, LingerMs = 0, BatchNumMessages = 1 };
        using var producer = (Producer<Null, string>)new ProducerBuilder<Null, string>(config).Build();
        var tp = new TopicPartition("gap", 0);
        await producer.ProduceAsync(tp, new Message<Null, string> { Value = "warm" });
        var first = producer.Core.CurrentIdentity;

        // Held acknowledgements put the oversized record's batch in flight together with the ones around it.
        silo.Proxy.HoldDownstream();
        var before = Enumerable.Range(0, 2).Select(i => producer.ProduceAsync(tp, new Message<Null, string> { Value = $"before-{i}" })).ToList();
        var tooLarge = producer.ProduceAsync(tp, new Message<Null, string> { Value = new string('x', 2 * 1024 * 1024) });
        var after = Enumerable.Range(0, 6).Select(i => producer.ProduceAsync(tp, new Message<Null, string> { Value = $"after-{i}" })).ToList();
        await Task.Delay(200);
        silo.Proxy.OpenDownstream();

        var rejected = await Assert.ThrowsAsync<ProduceException<Null, string>>(() => tooLarge);
        Assert.Equal(ErrorCode.MsgSizeTooLarge, rejected.Error.Code);
        Assert.False(rejected.Error.IsFatal);
        await Task.WhenAll(before.Concat(after));

        // OUT_OF_ORDER_SEQUENCE_NUMBER for the batch behind the gap made the producer renew its identity (KIP-360).
        Assert.NotEqual(first, producer.Core.CurrentIdentity);
        var log = await ProducerTests.FetchAllAsync(silo.DirectServers, "gap", 0);
        Assert.Equal(new[] { "warm", "before-0", "before-1", "after-0", "after-1", "after-2", "after-3", "after-4", "after-5" }, log.Select(r => r.Value));
        var renewed = log.SkipWhile(r => !r.Value!.StartsWith("after", StringComparison.Ordinal)).ToList();
        Assert.Equal(producer.Core.CurrentIdentity!.Id, renewed[0].ProducerId);
        Assert.Equal(0, renewed[0].BaseSequence);
    }
}
