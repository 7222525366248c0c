// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Diagnostics;
using Granary.Client.Diagnostics;
using Granary.Streams.Tests.Infrastructure;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Granary.Streams.Tests.Diagnostics;

[Collection(ListenerFreeCollection.Name)]
public class TracingTests
{
    [Fact]
    public async Task ProcessAndReceiveSpansLinkToTheSendSpanThroughTheTraceparentHeader()
    {
        var exported = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(GranaryDiagnostics.Name)
            .AddProcessor(new SimpleActivityExportProcessor(new InMemoryExporter(exported)))
            .Build();
        await using var harness = await StreamHarness.StartAsync(("traced", 1));
        var provider = harness.NewProvider();
        var stream = provider.GetStream<string>(StreamId.Create("traced", "order-1"));
        await stream.OnNextAsync("hello");

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await stream.SubscribeAsync((_, _) =>
        {
            done.TrySetResult();
            return Task.CompletedTask;
        });
        await done.Task.WaitAsync(Wait.Patience);
        await Wait.UntilAsync(() => { lock (exported) { return exported.Any(a => a.DisplayName == "process traced"); } }, "the process span ends");

        Activity send, receive, process;
        lock (exported)
        {
            send = exported.Single(a => a.DisplayName == "send traced");
            receive = exported.First(a => a.DisplayName == "receive traced");
            process = exported.First(a => a.DisplayName == "process traced");
        }

        Assert.Equal(ActivityKind.Producer, send.Kind);
        Assert.Equal("kafka", send.GetTagItem(MessagingAttributes.System));
        Assert.Equal("traced", send.GetTagItem(MessagingAttributes.DestinationName));
        Assert.Equal("order-1", send.GetTagItem(MessagingAttributes.MessageKey));
        Assert.Equal("0", send.GetTagItem(MessagingAttributes.PartitionId));
        Assert.Equal(ActivityKind.Consumer, process.Kind);
        Assert.Equal("process", process.GetTagItem(MessagingAttributes.OperationType));
        Assert.Equal(0L, process.GetTagItem(MessagingAttributes.Offset));
        Assert.StartsWith("granary.streams.test.traced.order-1", (string)process.GetTagItem(MessagingAttributes.ConsumerGroupName)!);
        var link = Assert.Single(process.Links);
        Assert.Equal(send.TraceId, link.Context.TraceId);
        Assert.Equal(send.SpanId, link.Context.SpanId);
        Assert.Equal(send.SpanId, Assert.Single(receive.Links).Context.SpanId);
        Assert.Equal(receive.SpanId, process.ParentSpanId);
    }

    [Fact]
    public async Task ABatchSendIsOneSpanWithTheMessageCountAndTheRecordsSendSpansAsItsChildren()
    {
        var exported = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(GranaryDiagnostics.Name)
            .AddProcessor(new SimpleActivityExportProcessor(new InMemoryExporter(exported)))
            .Build();
        await using var harness = await StreamHarness.StartAsync(("batched", 1));
        var stream = harness.NewProvider().GetStream<string>(StreamId.Create("batched", "order-2"));

        await stream.OnNextBatchAsync(["a", "b", "c"]);

        List<Activity> sends;
        lock (exported)
        {
            sends = [.. exported.Where(a => a.DisplayName == "send batched")];
        }

        var batch = Assert.Single(sends, a => a.GetTagItem(MessagingAttributes.BatchMessageCount) is not null);
        Assert.Equal(3, batch.GetTagItem(MessagingAttributes.BatchMessageCount));
        var records = sends.Where(a => a != batch).ToList();
        Assert.Equal(3, records.Count);
        Assert.All(records, r => Assert.Equal(batch.SpanId, r.ParentSpanId));
        Assert.Equal(["0", "1", "2"], records.Select(r => Convert.ToString(r.GetTagItem(MessagingAttributes.Offset), System.Globalization.CultureInfo.InvariantCulture)).Order());
    }

    private sealed class InMemoryExporter(List<Activity> exported) : BaseExporter<Activity>
    {
        public override ExportResult Export(in Batch<Activity> batch)
        {
            lock (exported)
            {
                foreach (var activity in batch)
                {
                    exported.Add(activity);
                }
            }

            return ExportResult.Success;
        }
    }
}
