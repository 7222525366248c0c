// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Text;
using Granary.Client.Tests.Infrastructure;
using Xunit;

namespace Granary.Client.Tests.Producing;

public class InterceptorTests
{
    private sealed class Tagging : IProducerInterceptor<string, string>
    {
        public List<(string Topic, int Partition)> Sent { get; } = [];

        public List<(string? Value, ErrorCode Code, long Offset)> Acknowledged { get; } = [];

        public void OnSend(Message<string, string> message, TopicPartition topicPartition)
        {
            lock (Sent)
            {
                Sent.Add((topicPartition.Topic, topicPartition.Partition.Value));
            }

            message.Headers ??= [];
            message.Headers.Add("traced", Encoding.UTF8.GetBytes("yes"));
        }

        public void OnAcknowledgement(DeliveryResult<string, string> deliveryResult, Error error)
        {
            lock (Acknowledged)
            {
                Acknowledged.Add((deliveryResult.Value, error.Code, deliveryResult.Offset.Value));
            }
        }
    }

    private sealed class Throwing : IProducerInterceptor<string, string>
    {
        public void OnSend(Message<string, string> message, TopicPartition topicPartition) => throw new InvalidOperationException("send boom");

        public void OnAcknowledgement(DeliveryResult<string, string> deliveryResult, Error error) => throw new InvalidOperationException("ack boom");
    }

    [Fact]
    public async Task Interceptors_see_every_send_and_acknowledgement_and_their_exceptions_never_break_the_send()
    {
        await using var silo = await TestSilo.StartAsync(("traced", 1));
        var tagging = new Tagging();
        var logs = new List<LogMessage>();
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = silo.BootstrapServers, AllowAutoCreateTopics = false })
            .AddInterceptor(new Throwing())
            .AddInterceptor(tagging)
            .SetLogHandler((_, m) =>
            {
                lock (logs)
                {
                    logs.Add(m);
                }
            })
            .Build();

        var first = await producer.ProduceAsync("traced", new Message<string, string> { Key = "k", Value = "one" });
        var reports = new List<DeliveryReport<string, string>>();
        producer.Produce(new TopicPartition("traced", 0), new Message<string, string> { Key = "k", Value = "two" }, reports.Add);
        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
        var missing = await Assert.ThrowsAsync<ProduceException<string, string>>(() => producer.ProduceAsync("no-such-topic", new Message<string, string> { Value = "three" }));

        Assert.Equal(0, first.Offset.Value);
        Assert.Equal(1, Assert.Single(reports).Offset.Value);
        Assert.Equal(new[] { ("traced", -1), ("traced", 0), ("no-such-topic", -1) }, tagging.Sent);
        Assert.Equal(new (string?, ErrorCode, long)[] { ("one", ErrorCode.NoError, 0L), ("two", ErrorCode.NoError, 1L), ("three", missing.Error.Code, Offset.Unset.Value) }, tagging.Acknowledged);
        lock (logs)
        {
            Assert.Equal(3, logs.Count(l => l.Message.Contains("send boom", StringComparison.Ordinal)));
            Assert.Equal(3, logs.Count(l => l.Message.Contains("ack boom", StringComparison.Ordinal)));
            Assert.All(logs, l => Assert.Equal(SyslogLevel.Warning, l.Level));
        }

        var log = await ProducerTests.FetchAllAsync(silo.BootstrapServers, "traced", 0);
        Assert.All(log, r => Assert.Equal(("traced", "yes"), Assert.Single(r.Headers)));
    }
}
