// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Storage;

/// <summary>Where an append landed: the offsets assigned and the log append time (-1 under CreateTime).</summary>
public readonly record struct LogAppendResult(long FirstOffset, long LastOffset, long LogAppendTime, long LogStartOffset)
{
    /// <summary>The offset after the appended records; pass it to <see cref="PartitionLog.WaitForDurableAsync"/>.</summary>
    public long NextOffset => LastOffset + 1;
}
