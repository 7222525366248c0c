// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Grains.Partitions;

/// <summary>
/// An append the partition grain has accepted. <see cref="Written"/> completes once the log has written (or refused)
/// the caller's bytes, so a caller that lent its buffer may take it back; <see cref="Completion"/> completes when the
/// acknowledgement the producer asked for is reached (appended for acks 0/1, durable for acks=all), which can be much
/// later and is what a Produce timeout applies to.
/// </summary>
public readonly record struct PartitionAppend(Task Written, Task<PartitionAppendResult> Completion)
{
    /// <summary>An append answered without touching the log (refused, or a duplicate).</summary>
    public static PartitionAppend Immediate(PartitionAppendResult result)
    {
        var completion = Task.FromResult(result);
        return new PartitionAppend(completion, completion);
    }
}
