// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Silo.FetchSessions;

/// <summary>
/// One partition of a fetch session: where the client reads from (as of its last request naming the partition) and
/// the positions last sent to it, so an incremental response can leave the partition out when nothing changed.
/// </summary>
public sealed class FetchSessionPartition
{
    public FetchSessionPartition(string topic, int partition, long fetchOffset, int maxBytes)
    {
        Topic = topic;
        Partition = partition;
        FetchOffset = fetchOffset;
        MaxBytes = maxBytes;
    }

    public string Topic { get; }

    public int Partition { get; }

    public long FetchOffset { get; internal set; }

    public int MaxBytes { get; internal set; }

    /// <summary>The HighWatermark last sent (-1 before the first response, so a new partition is always sent once).</summary>
    public long HighWatermark { get; internal set; } = -1;

    public long LastStableOffset { get; internal set; } = -1;

    public long LogStartOffset { get; internal set; } = -1;
}
