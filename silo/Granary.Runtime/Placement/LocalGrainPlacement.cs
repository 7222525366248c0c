// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Runtime.Placement;

/// <summary>The single-process placement: every grain lives here.</summary>
public sealed class LocalGrainPlacement : IGrainPlacement
{
    /// <inheritdoc />
    public bool IsLocal(GrainId grainId) => true;
}
