// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Storage;

/// <summary>The answer to a ListOffsets-by-time lookup.</summary>
public readonly record struct OffsetAndTimestamp(long Offset, long Timestamp);
