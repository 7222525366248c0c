// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Runtime.Hosting;

/// <summary>Idle collection and activation life-cycle limits (Orleans' names and defaults).</summary>
public sealed class GrainCollectionOptions
{
    /// <summary>How long an activation may be idle (no call turn finished) before it is collected. Default 15 minutes; allowed 1 second to 365 days.</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often idle activations are looked for. Default 1 minute; allowed above zero, up to <see cref="CollectionAge"/>.</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Cancels the token passed to <see cref="Grain.OnActivateAsync"/> after this long. Default 30 seconds; allowed above zero, up to 1 hour.</summary>
    public TimeSpan ActivationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Cancels the token passed to <see cref="Grain.OnDeactivateAsync"/> after this long. Default 30 seconds; allowed above zero, up to 1 hour.</summary>
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
