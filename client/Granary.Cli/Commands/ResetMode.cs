// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Cli.Commands;

/// <summary>The offset reset modes of kafka-consumer-groups --reset-offsets.</summary>
public enum ResetMode
{
    ToEarliest,
    ToLatest,
    ToCurrent,
    ToOffset,
    ShiftBy,

    /// <summary>To the first offset at or after a time (ms since the epoch), from --to-datetime or now minus --by-duration.</summary>
    ToTimestamp,
}
