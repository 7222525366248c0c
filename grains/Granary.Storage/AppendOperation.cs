// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Storage;

/// <summary>
/// One queued append, and its own completion: deriving from the completion source makes an append cost two objects
/// (this and its task) and no per-batch list; the writer walks the already validated batch headers again instead.
/// </summary>
internal sealed class AppendOperation(Memory<byte> records, int batchCount, int leaderEpoch, bool asFollower)
    : TaskCompletionSource<LogAppendResult>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    /// <summary>Whole record batches, back to back (checked by <see cref="PartitionLog.AppendAsync"/> before queueing).</summary>
    public Memory<byte> Records { get; } = records;

    public int BatchCount { get; } = batchCount;

    public int LeaderEpoch { get; } = leaderEpoch;

    public bool AsFollower { get; } = asFollower;
}
