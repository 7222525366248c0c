// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol.Messages;

namespace Granary.Client.Producing;

/// <summary>One batch of a partition: its records, the identity and sequence it was stamped with, and its latest send.</summary>
internal sealed class InFlightBatch(List<PendingRecord> records)
{
    public List<PendingRecord> Records { get; } = records;

    public ProducerIdentity Identity { get; set; } = ProducerIdentity.None;

    public int BaseSequence { get; set; } = -1;

    /// <summary>The encoded record batch; rebuilt only when the batch is stamped with a new identity or sequence.</summary>
    public byte[]? Bytes { get; set; }

    /// <summary>The response of the latest send (faulted with a KafkaException when the send or the wait failed).</summary>
    public Task<ProduceResponse>? Response { get; set; }

    /// <summary>Whether any send of this batch reached the socket (so it may have been appended).</summary>
    public bool Sent { get; set; }

    public long FirstEnqueuedAt => Records[0].EnqueuedAt;
}
