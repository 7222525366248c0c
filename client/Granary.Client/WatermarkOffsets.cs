// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>A partition's low (LogStartOffset) and high (HighWatermark) watermarks.</summary>
public class WatermarkOffsets
{
    public WatermarkOffsets(Offset low, Offset high)
    {
        Low = low;
        High = high;
    }

    public Offset Low { get; }

    public Offset High { get; }

    public override string ToString() => $"{Low} .. {High}";
}
