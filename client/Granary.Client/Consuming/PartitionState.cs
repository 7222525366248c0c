// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Consuming;

/// <summary>One assigned partition's positions and prefetched data; every field is guarded by the core's lock.</summary>
internal sealed class PartitionState(TopicPartition topicPartition)
{
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

    public Queue<FetchedChunk> Chunks { get; } = new();

    /// <summary>
    /// How many records the queued chunks hold, counted by offsets (a compacted log's gaps count too); the queue is a
    /// few chunks long, so it is summed when a fetch is built instead of kept in step with every enqueue and drop.
    /// </summary>
    public long QueuedRecords()
    {
        long records = 0;
        foreach (var chunk in Chunks)
        {
            records += chunk.OffsetSpan;
        }

        return records;
    }

    /// <summary>Drops prefetched data and starts again from <paramref name="offset"/> (or resolves a logical offset).</summary>
    public void Reset(Offset offset)
    {
        Version++;
        while (Chunks.TryDequeue(out var chunk))
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
