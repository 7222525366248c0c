// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Streams.Failures;

/// <summary>A dead-letter partition the replay stopped early at <paramref name="Offset"/>, and why (nothing at or after it was replayed).</summary>
public sealed record DeadLetterReplayStop(int Partition, long Offset, string Reason);
