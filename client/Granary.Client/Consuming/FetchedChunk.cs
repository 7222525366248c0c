// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol.Messages;

namespace Granary.Client.Consuming;

/// <summary>One partition's record bytes from one Fetch response, consumed batch by batch on the Consume thread.</summary>
internal sealed class FetchedChunk(PartitionState state, int version, long startOffset, ReadOnlyMemory<byte> records, List<FetchResponse.AbortedTransaction>? aborted)
{
    public PartitionState State { get; } = state;

    public int Version { get; } = version;

    /// <summary>The fetch offset: a first batch may start before it, and its earlier records are skipped.</summary>
    public long StartOffset { get; } = startOffset;

    public ReadOnlyMemory<byte> Records { get; } = records;

    /// <summary>The byte position of the next batch to decode.</summary>
    public int Position { get; set; }

    /// <summary>read_committed: aborted transactions by first offset, consumed as batches pass them.</summary>
    public Queue<FetchResponse.AbortedTransaction>? Aborted { get; } =
        aborted is { Count: > 0 } ? new(aborted.OrderBy(a => a.FirstOffset)) : null;

    /// <summary>Producers whose aborted transaction is open at the current batch.</summary>
    public HashSet<long>? AbortedProducers { get; set; }

    public bool IsDone => Position >= Records.Length;
}
