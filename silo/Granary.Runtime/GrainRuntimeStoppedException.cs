// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Runtime;

/// <summary>A call was made after the grain runtime began shutting down; it was not delivered.</summary>
public sealed class GrainRuntimeStoppedException : InvalidOperationException
{
    public GrainRuntimeStoppedException(GrainId grainId)
        : base($"The grain runtime is shutting down; the call to grain {grainId} was rejected.")
    {
        GrainId = grainId;
    }

    /// <summary>The grain the rejected call was addressed to.</summary>
    public GrainId GrainId { get; }
}
