// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Globalization;
using Granary.Client.Producing;
using Xunit;

namespace Granary.Client.Tests.Producing;

/// <summary>Pipelining, the buffer bound and cancellation, observed through a proxy that can hold acknowledgements back.</summary>
public class PipelineTests
{
    private static Producer<Null, string> Build(ProxiedSilo silo, Action<ProducerConfig>? configure = null)
    {
        var config = new ProducerConfig { BootstrapServers = silo.BootstrapServers, LingerMs = 0, BatchNumMessages = 50 };
        configure?.Invoke(config);
        return (Producer<Null, string>)new ProducerBuilder<Null, string>(config).Build();
    }

    private static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        for (var i = 0; i < 600 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition(), what);
    }

    [Fact]
    public async Task Fire_and_forget_produce_returns_before_any_acknowledgement_with_five_batches_in_flight()
    {
        await using var silo = await ProxiedSilo.StartAsync("pipe", 1);
        using var producer = Build(silo);
        var tp = new TopicPartition("pipe", 0);

        // Metadata, producer id and the connection come first, with acknowledgements flowing.
        await producer.ProduceAsync(tp, new Message<Null, string> { Value = "warm" });

        silo.Proxy.HoldDownstream();
        var delivered = new List<string>();
        const int Count = 2000;
        for (var i = 0; i < Count; i++)
        {
            producer.Produce(tp, new Message<Null, string> { Value = i.ToString(CultureInfo.InvariantCulture) }, r =>
            {
                Assert.False(r.Error.IsError, r.Error.Reason);
                lock (delivered)
                {
                    delivered.Add(r.Value);
                }
            });
        }

        // Every Produce call has returned, yet no acknowledgement can have arrived: the sender pipelines up to five.
        await EventuallyAsync(() => producer.Core.InFlightBatches == ProducerSettings.IdempotentMaxInFlight, "five batches in flight");
        await Task.Delay(200);
        Assert.Equal(ProducerSettings.IdempotentMaxInFlight, producer.Core.InFlightBatches);
        lock (delivered)
        {
            Assert.Empty(delivered);
        }

        Assert.Equal(Count, producer.Core.BufferedMessages);
        silo.Proxy.OpenDownstream();
        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(60)));
        lock (delivered)
        {
            Assert.Equal(Enumerable.Range(0, Count).Select(i => i.ToString(CultureInfo.InvariantCulture)), delivered);
        }

        var log = await ProducerTests.FetchAllAsync(silo.DirectServers, "pipe", 0);
        Assert.Equal(Enumerable.Range(0, Count).Select(i => i.ToString(CultureInfo.InvariantCulture)).Prepend("warm"), log.Select(r => r.Value));
        Assert.Equal(Enumerable.Range(0, Count + 1).Select(i => (long)i), log.Select(r => r.Offset));
    }

    [Fact]
    public async Task A_full_buffer_makes_produce_throw_queue_full_and_produce_async_wait_for_space()
    {
        await using var silo = await ProxiedSilo.StartAsync("bounded", 1);
        using var producer = Build(silo, c => c.QueueBufferingMaxMessages = 10);
        var tp = new TopicPartition("bounded", 0);
        await producer.ProduceAsync(tp, new Message<Null, string> { Value = "warm" });

        silo.Proxy.HoldDownstream();
        var accepted = Enumerable.Range(0, 10).Select(i => producer.ProduceAsync(tp, new Message<Null, string> { Value = $"a{i}" })).ToList();
        Assert.Equal(10, producer.Core.BufferedMessages);

        var full = Assert.Throws<ProduceException<Null, string>>(() => producer.Produce(tp, new Message<Null, string> { Value = "refused" }));
        Assert.Equal(ErrorCode.Local_QueueFull, full.Error.Code);
        Assert.Equal(PersistenceStatus.NotPersisted, full.DeliveryResult.Status);

        var waiting = producer.ProduceAsync(tp, new Message<Null, string> { Value = "waited" });
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted);
        Assert.Equal(10, producer.Core.BufferedMessages);

        silo.Proxy.OpenDownstream();
        var results = await Task.WhenAll(accepted);
        var late = await waiting;
        Assert.All(results, r => Assert.Equal(PersistenceStatus.Persisted, r.Status));
        Assert.Equal(results[^1].Offset.Value + 1, late.Offset.Value);
        await EventuallyAsync(() => producer.Core.BufferedMessages == 0, "buffer drained");
        var log = await ProducerTests.FetchAllAsync(silo.DirectServers, "bounded", 0);
        Assert.DoesNotContain(log, r => r.Value == "refused");
        Assert.Equal("waited", log[^1].Value);
    }

    [Fact]
    public async Task Produce_async_waits_for_space_only_up_to_max_block_ms()
    {
        await using var silo = await ProxiedSilo.StartAsync("blocked", 1);
        using var producer = Build(silo, c =>
        {
            c.QueueBufferingMaxMessages = 2;
            c.Set("max.block.ms", "200");
        });
        var tp = new TopicPartition("blocked", 0);
        await producer.ProduceAsync(tp, new Message<Null, string> { Value = "warm" });

        silo.Proxy.HoldDownstream();
        var accepted = Enumerable.Range(0, 2).Select(i => producer.ProduceAsync(tp, new Message<Null, string> { Value = $"a{i}" })).ToList();
        var full = await Assert.ThrowsAsync<ProduceException<Null, string>>(() => producer.ProduceAsync(tp, new Message<Null, string> { Value = "timed out" }));
        Assert.Equal(ErrorCode.Local_QueueFull, full.Error.Code);
        Assert.Contains("max.block.ms=200", full.Error.Reason, StringComparison.Ordinal);

        silo.Proxy.OpenDownstream();
        Assert.All(await Task.WhenAll(accepted), r => Assert.Equal(PersistenceStatus.Persisted, r.Status));
        var log = await ProducerTests.FetchAllAsync(silo.DirectServers, "blocked", 0);
        Assert.Equal(new[] { "warm", "a0", "a1" }, log.Select(r => r.Value));
    }

    [Fact]
    public async Task A_produce_async_cancelled_after_its_batch_was_sent_completes_internally_without_leaking()
    {
        await using var silo = await ProxiedSilo.StartAsync("cancel", 1);
        using var producer = Build(silo);
        var tp = new TopicPartition("cancel", 0);
        await producer.ProduceAsync(tp, new Message<Null, string> { Value = "warm" });

        silo.Proxy.HoldDownstream();
        using var cts = new CancellationTokenSource();
        var task = producer.ProduceAsync(tp, new Message<Null, string> { Value = "cancelled" }, cts.Token);
        await EventuallyAsync(() => producer.Core.InFlightBatches == 1, "the batch was sent");
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);

        // The record is still owned by the producer until its acknowledgement arrives, and is released then.
        Assert.Equal(1, producer.Core.BufferedMessages);
        silo.Proxy.OpenDownstream();
        await EventuallyAsync(() => producer.Core.BufferedMessages == 0 && producer.Core.InFlightBatches == 0, "record released");
        Assert.Equal(0, producer.Core.BufferedBytes);
        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(10)));
        var log = await ProducerTests.FetchAllAsync(silo.DirectServers, "cancel", 0);
        Assert.Equal(new[] { "warm", "cancelled" }, log.Select(r => r.Value));

        // Cancelled before it could be sent: still completes and releases its space.
        using var early = new CancellationTokenSource();
        await early.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => producer.ProduceAsync(tp, new Message<Null, string> { Value = "early" }, early.Token));
        await EventuallyAsync(() => producer.Core.BufferedMessages == 0, "early record released");
    }
}
