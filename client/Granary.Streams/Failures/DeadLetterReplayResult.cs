// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Streams.Failures;

/// <summary>What a replay did: how many records went to which topic, how many the filter skipped, and where it stopped early.</summary>
public sealed class DeadLetterReplayResult
{
    public required string DeadLetterTopic { get; init; }

    /// <summary>The consumer group that holds the replay's progress.</summary>
    public required string GroupId { get; init; }

    /// <summary>False when the dead-letter topic does not exist (nothing was ever dead-lettered, or a wrong name).</summary>
    public bool DeadLetterTopicExists { get; init; } = true;

    public bool DryRun { get; init; }

    /// <summary>The records in the planned ranges when the replay started (after --max-records).</summary>
    public long Planned { get; init; }

    /// <summary>Records sent back (or, in a dry run, that would be), per target topic.</summary>
    public IReadOnlyDictionary<string, long> ByTargetTopic { get; init; } = new Dictionary<string, long>();

    /// <summary>Records the filter rejected (committed past, not sent).</summary>
    public long Skipped { get; init; }

    /// <summary>Partitions that stopped before their end (a record without a target, an unknown target topic, a timeout).</summary>
    public IReadOnlyList<DeadLetterReplayStop> Stopped { get; init; } = [];

    public long Replayed => ByTargetTopic.Values.Sum();

    public bool Completed => DeadLetterTopicExists && Stopped.Count == 0;
}
