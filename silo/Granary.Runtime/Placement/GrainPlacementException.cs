// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Runtime.Placement;

/// <summary>The grain is not placed on this silo, so it cannot be activated here.</summary>
public sealed class GrainPlacementException : Exception
{
    public GrainPlacementException(GrainId grainId)
        : base($"Grain {grainId} is not placed on this silo.")
    {
        GrainId = grainId;
    }

    /// <summary>The grain that could not be activated locally.</summary>
    public GrainId GrainId { get; }
}
