// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol.Records;

namespace Granary.Client.Producing;

/// <summary>A serialized record waiting in a partition queue, and the promise of its outcome.</summary>
internal sealed class PendingRecord(byte[]? key, byte[]? value, RecordHeader[] headers, long timestamp, long enqueuedAt)
{
    public byte[]? Key { get; } = key;

    public byte[]? Value { get; } = value;

    public RecordHeader[] Headers { get; } = headers;

    public long Timestamp { get; } = timestamp;

    /// <summary>TimeProvider timestamp when queued: linger.ms and message.timeout.ms count from here.</summary>
    public long EnqueuedAt { get; } = enqueuedAt;

    public int Size => (Key?.Length ?? 0) + (Value?.Length ?? 0) + Headers.Sum(h => h.Key.Length + (h.Value?.Length ?? 0)) + 16;

    public TaskCompletionSource<RecordOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
