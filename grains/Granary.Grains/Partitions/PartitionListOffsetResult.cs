// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol;

namespace Granary.Grains.Partitions;

/// <summary>The answer to a ListOffsets lookup: offset and timestamp (-1/-1 when no record matches), or an error.</summary>
public readonly record struct PartitionListOffsetResult(KafkaErrorCode ErrorCode, long Offset, long Timestamp, int LeaderEpoch)
{
    /// <summary>ListOffsets' "earliest" (-2).</summary>
    public const long EarliestTimestamp = -2;

    /// <summary>ListOffsets' "latest" (-1).</summary>
    public const long LatestTimestamp = -1;

    /// <summary>ListOffsets' "earliest local" (-4, KIP-405); without tiered storage the same as earliest.</summary>
    public const long EarliestLocalTimestamp = -4;

    /// <summary>ListOffsets' "max timestamp" (-3, KIP-734).</summary>
    public const long MaxTimestamp = -3;

    public static PartitionListOffsetResult Failed(KafkaErrorCode errorCode) => new(errorCode, -1, -1, -1);
}
