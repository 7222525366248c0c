// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Diagnostics.CodeAnalysis;

namespace Granary.Client.Consuming;

/// <summary>One assigned partition's positions and prefetched data; every field is guarded by the core's lock.</summary>
internal sealed class PartitionState(TopicPartition topicPartition)
{
    private readonly Queue<FetchedChunk> _chunks = new();

    public TopicPartition TopicPartition { get; } = topicPartition;

    /// <summary>Bumped by seek, pause and reassignment so data fetched for an older position is dropped.</summary>
    public int Version { get; set; }

    /// <summary>Where a partition without a position starts: Unset/Stored (committed, else auto.offset.reset), Beginning, End, or an offset.</summary>
    public Offset PendingStart { get; set; } = Offset.Unset;

    /// <summary>The next offset to fetch; -1 until the start position is resolved.</summary>
    public long FetchOffset { get; set; } = -1;

    /// <summary>The offset of the next record Consume returns; -1 until resolved.</summary>
    public long Position { get; set; } = -1;

    public int? PositionLeaderEpoch { get; set; }

    /// <summary>The offset the next commit of stored offsets sends (librdkafka's stored offset); -1 when none.</summary>
    public long StoredOffset { get; set; } = -1;

    public int? StoredLeaderEpoch { get; set; }

    public long CommittedOffset { get; set; } = -1;

    public bool Paused { get; set; }

    /// <summary>Unassigned: the state is out of the assignment for good (a new assignment makes a new state).</summary>
    public bool Detached { get; set; }

    public bool Resolving { get; set; }

    public bool FetchInFlight { get; set; }

    public long HighWatermark { get; set; } = -1;

    public long LastStableOffset { get; set; } = -1;

    public long LogStartOffset { get; set; } = -1;

    /// <summary>The Version the watermarks were last fetched under, so EOF is judged on a fresh fetch only.</summary>
    public int WatermarksVersion { get; set; } = -1;

    public bool EofReported { get; set; }

    public int LeaderId { get; set; } = -1;

    public int LeaderEpoch { get; set; } = -1;

    /// <summary>Grows when a single batch is larger than max.partition.fetch.bytes, so the next fetch returns it whole.</summary>
    public int FetchSizeOverride { get; set; }

    public long BackoffUntil { get; set; }

    /// <summary>Fetched chunks waiting for Consume, oldest first.</summary>
    public int ChunkCount => _chunks.Count;

    /// <summary>
    /// How many records the queued chunks hold, counted by offsets (a compacted log's gaps count too), for the
    /// queued.min.messages prefetch limit; kept in step with the queue, which can hold thousands of small chunks.
    /// </summary>
    public long QueuedRecords { get; private set; }

    public void EnqueueChunk(FetchedChunk chunk)
    {
        _chunks.Enqueue(chunk);
        QueuedRecords += chunk.OffsetSpan;
    }

    public bool TryPeekChunk([NotNullWhen(true)] out FetchedChunk? chunk) => _chunks.TryPeek(out chunk);

    public bool TryDequeueChunk([NotNullWhen(true)] out FetchedChunk? chunk)
    {
        if (!_chunks.TryDequeue(out chunk))
        {
            return false;
        }

        QueuedRecords -= chunk.OffsetSpan;
        return true;
    }

    /// <summary>Drops prefetched data and starts again from <paramref name="offset"/> (or resolves a logical offset).</summary>
    public void Reset(Offset offset)
    {
        Version++;
        while (TryDequeueChunk(out var chunk))
        {
            // The core drops (and accounts for) chunks before a reset; this only guards the pooled buffers.
            chunk.ReleaseBuffer();
        }

        EofReported = false;
        FetchSizeOverride = 0;
        if (offset.IsSpecial || offset.Value < 0)
        {
            PendingStart = offset;
            FetchOffset = -1;
            Position = -1;
        }
        else
        {
            PendingStart = Offset.Unset;
            FetchOffset = offset.Value;
            Position = offset.Value;
        }
    }
}
