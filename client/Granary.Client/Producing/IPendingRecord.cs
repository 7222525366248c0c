// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol.Records;

namespace Granary.Client.Producing;

/// <summary>
/// A serialized record from the moment the producer accepts it until its outcome is known: what the byte-level core
/// and the partition senders see of a <see cref="Delivery{TKey,TValue}"/>. An interface, not a base class, so that
/// the typed record can itself be the delivery report its handler receives (one object per record, not two).
/// </summary>
internal interface IPendingRecord
{
    /// <summary>The timestamp of a record whose message has none: it gets the producer's clock when accepted.</summary>
    const long StampOnAccept = long.MinValue;

    /// <summary>The bytes every record costs besides its key, value and headers, counted against the buffer bounds.</summary>
    const int RecordOverhead = 16;

    byte[]? KeyBytes { get; }

    byte[]? ValueBytes { get; }

    RecordHeader[] RecordHeaders { get; }

    /// <summary>The record's CreateTime (Unix ms); <see cref="StampOnAccept"/> until accepted when the message had none.</summary>
    long CreateTime { get; }

    /// <summary>Bytes this record counts against queue.buffering.max.kbytes (and batch.size).</summary>
    int Size { get; }

    /// <summary>TimeProvider timestamp when accepted: linger.ms and message.timeout.ms count from here.</summary>
    long EnqueuedAt { get; }

    /// <summary>
    /// Called once the producer's buffer has room for this record; from here on the core counts it. The one clock
    /// read per record (<paramref name="now"/>) also gives a record without a timestamp its CreateTime, as the Java
    /// client uses one time.milliseconds() per send for both.
    /// </summary>
    void Accept(ProducerCore core, long now);

    /// <summary>Reports the outcome (once; later calls are ignored) and then frees the record's buffer space.</summary>
    void Complete(in RecordOutcome outcome);

    /// <summary>
    /// Reports the outcome unless the record already has one; the caller holds <see cref="ProducerCore.ReportLock"/>
    /// and frees the buffer space of every record this returned true for (a batch frees its records' space at once).
    /// </summary>
    bool TryReport(in RecordOutcome outcome);
}
