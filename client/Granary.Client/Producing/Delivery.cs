// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol.Records;

namespace Granary.Client.Producing;

/// <summary>A record of a typed producer: its message, and where its outcome goes (a task, a delivery handler or nowhere).</summary>
internal sealed class Delivery<TKey, TValue>(
    Producer<TKey, TValue> producer,
    string topic,
    Message<TKey, TValue> message,
    byte[]? key,
    byte[]? value,
    RecordHeader[] headers,
    long timestamp,
    Action<DeliveryReport<TKey, TValue>>? handler,
    bool awaited)
    : PendingRecord(key, value, headers, timestamp)
{
    public string Topic { get; } = topic;

    public Message<TKey, TValue> Message { get; } = message;

    public Action<DeliveryReport<TKey, TValue>>? Handler { get; } = handler;

    /// <summary>The ProduceAsync task; null for Produce.</summary>
    public TaskCompletionSource<DeliveryResult<TKey, TValue>>? Task { get; } =
        awaited ? new TaskCompletionSource<DeliveryResult<TKey, TValue>>(TaskCreationOptions.RunContinuationsAsynchronously) : null;

    /// <summary>The "send" span, when someone listens to the Granary ActivitySource.</summary>
    public System.Diagnostics.Activity? SendActivity { get; init; }

    protected override void OnCompleted(in RecordOutcome outcome) => producer.Deliver(this, outcome);
}
