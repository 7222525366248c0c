// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Client.Network;
using Granary.Protocol.Messages;
using Granary.Protocol.Records;

namespace Granary.Client.Consuming;

/// <summary>
/// One partition's record bytes from one Fetch response, consumed batch by batch on the Consume thread. The bytes live
/// in the response's pooled buffer: the chunk holds a reference from creation until <see cref="ReleaseBuffer"/> (when
/// it is finished or dropped), and the Consume thread holds another while it decodes a batch, so dropping a chunk
/// mid-decode (seek, pause, revoke from another thread) never returns the array under the decoder.
/// </summary>
internal sealed class FetchedChunk
{
    private ResponseBuffer? _buffer;

    public FetchedChunk(PartitionState state, int version, long startOffset, long endOffset, ReadOnlyMemory<byte> records, List<FetchResponse.AbortedTransaction>? aborted, ResponseBuffer? buffer)
    {
        State = state;
        Version = version;
        StartOffset = startOffset;
        OffsetSpan = endOffset - startOffset;
        Records = records;
        Aborted = aborted is { Count: > 0 } ? new(aborted.OrderBy(a => a.FirstOffset)) : null;
        buffer?.Retain();
        _buffer = buffer;
    }

    public PartitionState State { get; }

    public int Version { get; }

    /// <summary>The fetch offset: a first batch may start before it, and its earlier records are skipped.</summary>
    public long StartOffset { get; }

    /// <summary>The offsets the chunk covers, from the fetch offset to the next one: its record count for the prefetch limit.</summary>
    public long OffsetSpan { get; }

    public ReadOnlyMemory<byte> Records { get; }

    /// <summary>The byte position of the next batch to decode (of the batch being decoded while <see cref="InBatch"/> is set).</summary>
    public int Position { get; set; }

    /// <summary>
    /// Where decoding stopped inside the uncompressed batch at <see cref="Position"/>, which is <see cref="BatchLength"/>
    /// bytes long; null between batches. A large batch is decoded a bounded number of records per step, so its first
    /// records reach Consume without waiting for thousands of others to be built (and promoted by a GC meanwhile).
    /// </summary>
    public RecordEnumeratorPosition? InBatch { get; set; }

    /// <summary>The length of the batch being decoded, while <see cref="InBatch"/> is set.</summary>
    public int BatchLength { get; set; }

    /// <summary>read_committed: aborted transactions by first offset, consumed as batches pass them.</summary>
    public Queue<FetchResponse.AbortedTransaction>? Aborted { get; }

    /// <summary>Producers whose aborted transaction is open at the current batch.</summary>
    public HashSet<long>? AbortedProducers { get; set; }

    public bool IsDone => Position >= Records.Length;

    /// <summary>Takes a reference for one decode step (called under the core's lock while the chunk is queued).</summary>
    public ResponseBuffer? RetainForDecode()
    {
        var buffer = _buffer;
        buffer?.Retain();
        return buffer;
    }

    /// <summary>Drops the chunk's own reference; later calls do nothing.</summary>
    public void ReleaseBuffer() => Interlocked.Exchange(ref _buffer, null)?.Release();
}
