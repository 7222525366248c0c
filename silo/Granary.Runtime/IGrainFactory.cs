// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Runtime;

/// <summary>Hands out references to grains; the activation behind a reference is created on its first call.</summary>
public interface IGrainFactory
{
    /// <summary>
    /// Returns a reference to the grain of the type registered for <typeparamref name="TGrainInterface"/> with
    /// <paramref name="key"/>. References are cheap, thread-safe and long-lived: hot paths should keep them.
    /// </summary>
    /// <exception cref="InvalidOperationException">No grain type is registered for <typeparamref name="TGrainInterface"/>.</exception>
    GrainReference<TGrainInterface> GetGrain<TGrainInterface>(string key)
        where TGrainInterface : IGrainWithStringKey;
}
