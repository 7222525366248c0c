// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Grains.Partitions;

/// <summary>A read of one partition (one partition of a Fetch).</summary>
/// <param name="FetchOffset">The offset to read from.</param>
/// <param name="MaxBytes">The byte budget; at least one whole batch is returned even if larger.</param>
/// <param name="Isolation">read_committed reads up to the LastStableOffset (equal to the HighWatermark until transactions exist).</param>
public readonly record struct PartitionReadRequest(long FetchOffset, int MaxBytes, IsolationLevel Isolation = IsolationLevel.ReadUncommitted);
