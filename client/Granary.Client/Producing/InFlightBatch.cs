// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers;
using Granary.Protocol.Messages;

namespace Granary.Client.Producing;

/// <summary>One batch of a partition: its records, the identity and sequence it was stamped with, and its latest send.</summary>
internal sealed class InFlightBatch(List<PendingRecord> records)
{
    private byte[]? _buffer;
    private int _length;

    public List<PendingRecord> Records { get; } = records;

    public ProducerIdentity Identity { get; set; } = ProducerIdentity.None;

    public int BaseSequence { get; set; } = -1;

    /// <summary>The encoded record batch; rebuilt only when the batch is stamped with a new identity or sequence.</summary>
    public ReadOnlyMemory<byte> Bytes => _buffer is null ? ReadOnlyMemory<byte>.Empty : new ReadOnlyMemory<byte>(_buffer, 0, _length);

    /// <summary>The response of the latest send (faulted with a KafkaException when the send or the wait failed).</summary>
    public Task<ProduceResponse>? Response { get; set; }

    /// <summary>Whether any send of this batch reached the socket (so it may have been appended).</summary>
    public bool Sent { get; set; }

    public long FirstEnqueuedAt => Records[0].EnqueuedAt;

    /// <summary>
    /// Takes ownership of a pooled buffer holding the encoded batch (the previous one goes back to the pool). The
    /// connection copies a request into its frame before a send returns, so only resends read the buffer later.
    /// </summary>
    public void SetBytes(byte[] pooled, int length)
    {
        ReleaseBytes();
        _buffer = pooled;
        _length = length;
    }

    /// <summary>Returns the encoded batch's buffer to the pool once the batch is resolved (no resend can follow).</summary>
    public void ReleaseBytes()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            _length = 0;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
