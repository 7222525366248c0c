// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol.Records;

namespace Granary.Client.Producing;

/// <summary>
/// A record of a typed producer, which is also its own delivery report: the message, its serialized bytes, and where
/// the outcome goes (a task, a delivery handler or nowhere). Being the report, a record costs one object, not a
/// pending record plus a report; the report's fields are filled in only when the outcome is known, and the producer
/// no longer reads the object once it has been handed to the handler, interceptors or task.
/// </summary>
internal sealed class Delivery<TKey, TValue> : DeliveryReport<TKey, TValue>, IPendingRecord
{
    private const int Created = 0;
    private const int Accepted = 1;
    private const int Reported = 2;

    private readonly Producer<TKey, TValue> _producer;
    private int _state;

    public Delivery(
        Producer<TKey, TValue> producer,
        string topic,
        Message<TKey, TValue> message,
        byte[]? key,
        byte[]? value,
        RecordHeader[] headers,
        long timestamp,
        Action<DeliveryReport<TKey, TValue>>? handler,
        bool awaited)
    {
        _producer = producer;
        Topic = topic;
        Message = message;
        KeyBytes = key;
        ValueBytes = value;
        RecordHeaders = headers;
        CreateTime = timestamp;
        Handler = handler;
        Task = awaited ? new TaskCompletionSource<DeliveryResult<TKey, TValue>>(TaskCreationOptions.RunContinuationsAsynchronously) : null;
        var size = (key?.Length ?? 0) + (value?.Length ?? 0) + IPendingRecord.RecordOverhead;
        foreach (var header in headers)
        {
            size += header.Key.Length + (header.Value?.Length ?? 0);
        }

        Size = size;
    }

    public byte[]? KeyBytes { get; }

    public byte[]? ValueBytes { get; }

    public RecordHeader[] RecordHeaders { get; }

    public long CreateTime { get; private set; }

    public int Size { get; }

    public long EnqueuedAt { get; private set; }

    public Action<DeliveryReport<TKey, TValue>>? Handler { get; }

    /// <summary>The ProduceAsync task; null for Produce.</summary>
    public TaskCompletionSource<DeliveryResult<TKey, TValue>>? Task { get; }

    /// <summary>The "send" span, when someone listens to the Granary ActivitySource.</summary>
    public System.Diagnostics.Activity? SendActivity { get; init; }

    public void Accept(ProducerCore core, long now)
    {
        _state = Accepted;
        EnqueuedAt = now;
        if (CreateTime == IPendingRecord.StampOnAccept)
        {
            CreateTime = core.UnixTimeMilliseconds(now);
        }
    }

    public void Complete(in RecordOutcome outcome)
    {
        if (Volatile.Read(ref _state) == Created)
        {
            // Never accepted: no buffer space to free.
            TryReport(outcome);
            return;
        }

        var core = _producer.Core;
        var reported = false;
        try
        {
            lock (core.ReportLock)
            {
                reported = TryReport(outcome);
            }
        }
        finally
        {
            if (reported)
            {
                core.Release(1, Size);
            }
        }
    }

    public bool TryReport(in RecordOutcome outcome)
    {
        if (Interlocked.Exchange(ref _state, Reported) == Reported)
        {
            return false;
        }

        _producer.Deliver(this, outcome);
        return true;
    }
}
