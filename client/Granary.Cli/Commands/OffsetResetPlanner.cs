// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Client;

namespace Granary.Cli.Commands;

/// <summary>
/// Computes the new committed offset of each partition for groups reset-offsets, as kafka-consumer-groups does:
/// every target is clamped into [LogStartOffset, LogEndOffset]; --to-current and --shift-by start from the committed
/// offset, or from the log end when the group has committed nothing; a time with no later record goes to the log end.
/// </summary>
public static class OffsetResetPlanner
{
    public static long Plan(ResetSpec spec, long logStart, long logEnd, long? committed, long? offsetForTimestamp)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var target = spec.Mode switch
        {
            ResetMode.ToEarliest => logStart,
            ResetMode.ToLatest => logEnd,
            ResetMode.ToCurrent => committed ?? logEnd,
            ResetMode.ToOffset => spec.Value,
            ResetMode.ShiftBy => (committed ?? logEnd) + spec.Value,
            ResetMode.ToTimestamp => offsetForTimestamp is >= 0 ? offsetForTimestamp.Value : logEnd,
            _ => throw new ArgumentOutOfRangeException(nameof(spec)),
        };
        return Math.Clamp(target, logStart, Math.Max(logStart, logEnd));
    }

    /// <summary>A group's offsets may only be rewritten while no member could overwrite them.</summary>
    public static bool IsInactive(ConsumerGroupState state) => state is ConsumerGroupState.Empty or ConsumerGroupState.Dead;
}
