// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Runtime.Hosting;

/// <summary>Grain runtime settings.</summary>
public sealed class GrainRuntimeOptions
{
    /// <summary>
    /// How long <see cref="GrainRuntime.StopAsync"/> waits for all activations to deactivate (in parallel) before giving
    /// up on the rest. Default 30 seconds; allowed above zero, up to 1 hour.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
