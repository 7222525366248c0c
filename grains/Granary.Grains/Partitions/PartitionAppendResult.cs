// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol;

namespace Granary.Grains.Partitions;

/// <summary>The answer to one partition's part of a Produce: the base offset assigned, or an error.</summary>
/// <param name="ErrorCode">None on success (also for a recognised duplicate, which gets its original offset back).</param>
/// <param name="BaseOffset">The first offset of the batch, -1 on error.</param>
/// <param name="LogAppendTime">The broker time stamped into the batch under LogAppendTime, else -1.</param>
/// <param name="LogStartOffset">The partition's LogStartOffset after the append, -1 on error.</param>
/// <param name="ErrorMessage">A human-readable reason on error.</param>
public readonly record struct PartitionAppendResult(KafkaErrorCode ErrorCode, long BaseOffset, long LogAppendTime, long LogStartOffset, string? ErrorMessage = null)
{
    public static PartitionAppendResult Failed(KafkaErrorCode errorCode, string? message = null) => new(errorCode, -1, -1, -1, message);
}
