// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Streams.Failures;

/// <summary>What a dead-letter topic holds: record counts by original topic and by exception type.</summary>
public sealed class DeadLetterSummary
{
    public required string DeadLetterTopic { get; init; }

    public bool Exists { get; init; } = true;

    public long Records { get; init; }

    /// <summary>Counts by <see cref="DeadLetterHeaders.OriginalTopic"/> ("(none)" when a record lacks the header).</summary>
    public IReadOnlyDictionary<string, long> ByOriginalTopic { get; init; } = new Dictionary<string, long>();

    /// <summary>Counts by <see cref="DeadLetterHeaders.ExceptionType"/> ("(none)" when a record lacks the header).</summary>
    public IReadOnlyDictionary<string, long> ByExceptionType { get; init; } = new Dictionary<string, long>();

    /// <summary>Partitions that could not be read to their end.</summary>
    public IReadOnlyList<DeadLetterReplayStop> Incomplete { get; init; } = [];
}
