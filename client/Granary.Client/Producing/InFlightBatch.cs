// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol.Messages;
using Granary.Protocol.Records;

namespace Granary.Client.Producing;

/// <summary>One batch of a partition: its records, the identity and sequence it was stamped with, and its latest send.</summary>
internal sealed class InFlightBatch(List<IPendingRecord> records)
{
    // The encoded batch lives in its builder's pooled buffer (a 10,000-record batch is a megabyte: as a fresh array
    // it would be a large-object allocation per batch, and those drive gen2 collections); it goes back to the pool
    // when the batch is resolved. A send has written the bytes to the socket before it returns, so no socket write
    // can still be reading them then.
    private RecordBatchBuilder? _encoded;

    public List<IPendingRecord> Records { get; } = records;

    public ProducerIdentity Identity { get; set; } = ProducerIdentity.None;

    public int BaseSequence { get; set; } = -1;

    /// <summary>The encoded record batch; rebuilt only when the batch is stamped with a new identity or sequence.</summary>
    public ReadOnlyMemory<byte> Bytes { get; private set; }

    /// <summary>The response of the latest send (faulted with a KafkaException when the send or the wait failed).</summary>
    public Task<ProduceResponse>? Response { get; set; }

    /// <summary>Whether any send of this batch reached the socket (so it may have been appended).</summary>
    public bool Sent { get; set; }

    /// <summary>Whether every record has been given its outcome; a resolved batch is never completed again.</summary>
    public bool Resolved { get; private set; }

    public long FirstEnqueuedAt => Records[0].EnqueuedAt;

    /// <summary>
    /// Takes ownership of <paramref name="encoded"/> and the batch it finished, <paramref name="bytes"/>, returning
    /// the previous encoding's buffers to the pool.
    /// </summary>
    public void SetEncoded(RecordBatchBuilder encoded, ReadOnlyMemory<byte> bytes)
    {
        _encoded?.Dispose();
        _encoded = encoded;
        Bytes = bytes;
    }

    /// <summary>Marks the batch resolved and returns its buffer; false when it already was (its records must not be completed twice).</summary>
    public bool TryResolve()
    {
        if (Resolved)
        {
            return false;
        }

        Resolved = true;
        _encoded?.Dispose();
        _encoded = null;
        Bytes = ReadOnlyMemory<byte>.Empty;
        return true;
    }
}
