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
        var config = new ProducerConfig
        {
            BootstrapServers = silo.BootstrapServers,
            LingerMs = 1,
            BatchNumMessages = 20,
            MessageTimeoutMs = 120000,
            RetryBackoffMs = 20,
            ["reconnect.backoff.ms"] = "10",
            ["retry.backoff.max.ms"] = "200",
        };
        using var producer = (Producer<string, string>)new ProducerBuilder<string, string>(config).Build();
        await producer.ProduceAsync(new TopicPartition("numbers", 0), new Message<string, string> { Key = "w", Value = "warm" });
        await producer.ProduceAsync(new TopicPartition("numbers", 1), new Message<string, string> { Key = "w", Value = "warm" });

        silo.Proxy.StartChaos(seed: 3039, minInterval: 20, maxInterval: 120, maxCuts: 25);
        const int Count = 3000;
        var errors = new List<string>();
        for (var i = 0; i < Count; i++)
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

        for (var p = 0; p < 2; p++)
        {
            var log = await ProducerTests.FetchAllAsync(silo.DirectServers, "numbers", p);
            var expected = Enumerable.Range(0, Count).Where(i => i % 2 == p).Select(i => i.ToString(CultureInfo.InvariantCulture));
            Assert.Equal(expected.Prepend("warm"), log.Select(r => r.Value));
        }
    }
}
