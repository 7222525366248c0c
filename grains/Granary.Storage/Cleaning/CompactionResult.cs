// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Storage.Cleaning;

/// <summary>What one cleaning pass did.</summary>
public readonly record struct CompactionResult(int SegmentsCleaned, long RecordsRemoved, long BytesBefore, long BytesAfter)
{
    public static CompactionResult None => default;
}
