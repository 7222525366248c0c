// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Grains.Partitions;

/// <summary>A partition's positions, in Kafka's names.</summary>
public readonly record struct PartitionOffsets(long LogStartOffset, long HighWatermark, long LastStableOffset, long LogEndOffset);
