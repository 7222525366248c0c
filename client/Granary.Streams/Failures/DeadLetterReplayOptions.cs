// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Client;

namespace Granary.Streams.Failures;

/// <summary>Options of <see cref="DeadLetterReplayer"/>.</summary>
public sealed class DeadLetterReplayOptions
{
    /// <summary>The dead-letter topic suffix. Default ".dlq".</summary>
    public string Suffix { get; init; } = ".dlq";

    /// <summary>The consumer group that remembers replay progress. Default "granary.dlq-replay.&lt;original topic&gt;".</summary>
    public string? GroupId { get; init; }

    /// <summary>Only records this returns true for are replayed (the others are skipped and committed past).</summary>
    public Func<Message<byte[], byte[]>, bool>? Filter { get; init; }

    /// <summary>Gives up when no record arrives for this long while some are still expected. Default 30 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Start every partition here instead of at the group's committed position (clamped to LogStartOffset).</summary>
    public long? FromOffset { get; init; }

    /// <summary>Stop every partition before this offset (exclusive) instead of at its HighWatermark as seen at the start.</summary>
    public long? ToOffset { get; init; }

    /// <summary>Replay (or, with a filter, examine) at most this many records in total.</summary>
    public long? MaxRecords { get; init; }

    /// <summary>Read and count what would be replayed, where to, without producing or committing anything.</summary>
    public bool DryRun { get; init; }

    /// <summary>
    /// Where records without a <see cref="DeadLetterHeaders.OriginalTopic"/> header go. When null such a record stops
    /// its partition (reported in <see cref="DeadLetterReplayResult.Stopped"/>), so nothing after it is replayed out of order.
    /// </summary>
    public string? FallbackTopic { get; init; }

    /// <summary>Told how many of the planned records have been handled so far (replayed, counted or skipped).</summary>
    public IProgress<DeadLetterReplayProgress>? Progress { get; init; }
}
