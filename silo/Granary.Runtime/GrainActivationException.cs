// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Runtime;

/// <summary>
/// A grain's activation failed (its constructor or <see cref="Grain.OnActivateAsync"/> threw). Every call that waited
/// on that activation receives this; the next call tries a fresh activation.
/// </summary>
public sealed class GrainActivationException : Exception
{
    public GrainActivationException(GrainId grainId, Exception innerException)
        : base($"Activation of grain {grainId} failed: {innerException.Message}", innerException)
    {
        GrainId = grainId;
    }

    /// <summary>The grain that failed to activate.</summary>
    public GrainId GrainId { get; }
}
