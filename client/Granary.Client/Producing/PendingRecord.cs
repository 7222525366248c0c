// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol.Records;

namespace Granary.Client.Producing;

/// <summary>
/// A serialized record from the moment the producer accepts it until its outcome is known. The subclass decides what
/// the outcome feeds (a task, a delivery handler, nothing): a fire-and-forget record costs this one object.
/// </summary>
internal abstract class PendingRecord
{
    /// <summary>The timestamp of a record whose message has none: it gets the producer's clock when accepted.</summary>
    public const long StampOnAccept = long.MinValue;

    private const int RecordOverhead = 16;

    private ProducerCore? _core;
    private int _completed;

    protected PendingRecord(byte[]? key, byte[]? value, RecordHeader[] headers, long timestamp)
    {
        Key = key;
        Value = value;
        Headers = headers;
        Timestamp = timestamp;
        var size = (key?.Length ?? 0) + (value?.Length ?? 0) + RecordOverhead;
        foreach (var header in headers)
        {
            size += header.Key.Length + (header.Value?.Length ?? 0);
        }

        Size = size;
    }

    public byte[]? Key { get; }

    public byte[]? Value { get; }

    public RecordHeader[] Headers { get; }

    /// <summary>The record's CreateTime (Unix ms); <see cref="StampOnAccept"/> until accepted when the message had none.</summary>
    public long Timestamp { get; private set; }

    /// <summary>Bytes this record counts against queue.buffering.max.kbytes (and batch.size).</summary>
    public int Size { get; }

    /// <summary>TimeProvider timestamp when accepted: linger.ms and message.timeout.ms count from here.</summary>
    public long EnqueuedAt { get; private set; }

    /// <summary>
    /// Called once the producer's buffer has room for this record; from here on the core counts it. The one clock
    /// read per record (<paramref name="now"/>) also gives a record without a timestamp its CreateTime, as the Java
    /// client uses one time.milliseconds() per send for both.
    /// </summary>
    public void Accept(ProducerCore core, long now)
    {
        _core = core;
        EnqueuedAt = now;
        if (Timestamp == StampOnAccept)
        {
            Timestamp = core.UnixTimeMilliseconds(now);
        }
    }

    /// <summary>Reports the outcome (once; later calls are ignored) and then frees the record's buffer space.</summary>
    public void Complete(in RecordOutcome outcome)
    {
        var core = _core;
        if (core is null)
        {
            // Never accepted: no buffer space to free.
            TryReport(outcome);
            return;
        }

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

    /// <summary>
    /// Reports the outcome unless the record already has one; the caller holds <see cref="ProducerCore.ReportLock"/>
    /// and frees the buffer space of every record this returned true for (a batch frees its records' space at once).
    /// </summary>
    public bool TryReport(in RecordOutcome outcome)
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0)
        {
            return false;
        }

        OnCompleted(outcome);
        return true;
    }

    /// <summary>Delivers the outcome to its consumer; must not throw (handlers' exceptions are caught by the subclass).</summary>
    protected abstract void OnCompleted(in RecordOutcome outcome);
}
