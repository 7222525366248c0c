// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Granary.Client;
using Granary.Client.Diagnostics;
using Granary.Streams.Tests.Infrastructure;

namespace Granary.Streams.Tests.Diagnostics;

/// <summary>The plain client producer's "send" spans and traceparent headers (not only Granary.Streams').</summary>
[Collection(ListenerFreeCollection.Name)]
public class ProducerTracingTests
{
    [Fact]
    public async Task ProduceAsyncAndProduceStartASendSpanPerRecordAndWriteItsTraceparentIntoTheRecord()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = Listen(stopped);
        await using var harness = await StreamHarness.StartAsync(("spans", 1));
        using var producer = new ProducerBuilder<byte[], byte[]>(harness.Client.Config()).Build();

        using var parent = new Activity("checkout").SetIdFormat(ActivityIdFormat.W3C).Start();
        var stale = new Headers { { "traceparent", Encoding.ASCII.GetBytes("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01") }, { "tenant", [1] } };
        var first = await producer.ProduceAsync("spans", new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes("order-7"), Value = [1], Headers = stale });
        Assert.Same(parent, Activity.Current);
        var delivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        producer.Produce("spans", new Message<byte[], byte[]> { Key = null!, Value = [2] }, _ => delivered.TrySetResult());
        Assert.Same(parent, Activity.Current);
        await delivered.Task.WaitAsync(Wait.Patience);
        parent.Stop();

        await Wait.UntilAsync(() => stopped.Count(a => a.DisplayName == "send spans") == 2, "both send spans end");
        var sends = stopped.Where(a => a.DisplayName == "send spans").OrderBy(a => (long)a.GetTagItem(MessagingAttributes.Offset)!).ToList();
        foreach (var send in sends)
        {
            Assert.Equal(ActivityKind.Producer, send.Kind);
            Assert.Equal(parent.SpanId, send.ParentSpanId);
            Assert.Equal(parent.TraceId, send.TraceId);
            Assert.Equal("kafka", send.GetTagItem(MessagingAttributes.System));
            Assert.Equal("spans", send.GetTagItem(MessagingAttributes.DestinationName));
            Assert.Equal("send", send.GetTagItem(MessagingAttributes.OperationType));
            Assert.Equal("0", send.GetTagItem(MessagingAttributes.PartitionId));
        }

        Assert.Equal("order-7", sends[0].GetTagItem(MessagingAttributes.MessageKey));
        Assert.Equal(first.Offset.Value, (long)sends[0].GetTagItem(MessagingAttributes.Offset)!);

        var records = ReadAll(harness, "spans", 2);
        for (var i = 0; i < 2; i++)
        {
            var traceparents = records[i].Message!.Headers!.Where(h => h.Key == "traceparent").ToList();
            Assert.Equal(sends[i].Id, Encoding.ASCII.GetString(Assert.Single(traceparents).GetValueBytes()!));
        }

        Assert.Equal(["tenant", "traceparent"], records[0].Message!.Headers!.Select(h => h.Key));
        Assert.Equal(["traceparent", "tenant"], stale.Select(h => h.Key));
        Assert.Equal("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", Encoding.ASCII.GetString(stale.GetLastBytes("traceparent")!));
    }

    [Fact]
    public async Task AFailedSendEndsItsSpanWithTheErrorType()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = Listen(stopped);
        await using var harness = await StreamHarness.StartAsync(("small", 1));
        using var producer = new ProducerBuilder<byte[], byte[]>(harness.Client.Config(new Dictionary<string, string> { ["message.timeout.ms"] = "5000" })).Build();

        // "small" has one partition: partition 7 does not exist, so the record fails.
        await Assert.ThrowsAsync<ProduceException<byte[], byte[]>>(() => producer.ProduceAsync(new TopicPartition("small", 7), new Message<byte[], byte[]> { Key = null!, Value = [1] }));

        await Wait.UntilAsync(() => stopped.Any(a => a.DisplayName == "send small"), "the failed send span ends");
        var send = stopped.Single(a => a.DisplayName == "send small");
        Assert.Equal(ActivityStatusCode.Error, send.Status);
        Assert.NotNull(send.GetTagItem(MessagingAttributes.ErrorType));
    }

    [Fact]
    public async Task WithoutAListenerNoSpanStartsAndNoTraceparentIsWritten()
    {
        await using var harness = await StreamHarness.StartAsync(("quiet", 1));
        using var producer = new ProducerBuilder<byte[], byte[]>(harness.Client.Config()).Build();
        using var parent = new Activity("outside").SetIdFormat(ActivityIdFormat.W3C).Start();

        Assert.False(GranaryDiagnostics.ActivitySource.HasListeners());
        await producer.ProduceAsync("quiet", new Message<byte[], byte[]> { Key = null!, Value = [1] });

        Assert.Same(parent, Activity.Current);
        Assert.Empty(ReadAll(harness, "quiet", 1)[0].Message!.Headers ?? []);
    }

    private static ActivityListener Listen(ConcurrentQueue<Activity> stopped)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == GranaryDiagnostics.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    private static List<ConsumeResult<byte[], byte[]>> ReadAll(StreamHarness harness, string topic, int count)
    {
        using var consumer = harness.Client.CreateConsumerBuilder(new Dictionary<string, string> { ["group.id"] = "span-reader" }).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var records = new List<ConsumeResult<byte[], byte[]>>();
        while (records.Count < count)
        {
            records.Add(consumer.Consume(TimeSpan.FromSeconds(30)) ?? throw new TimeoutException($"{topic}: only {records.Count} of {count} records read"));
        }

        consumer.Close();
        return records;
    }
}
