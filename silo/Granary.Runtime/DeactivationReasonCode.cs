// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Runtime;

/// <summary>Why an activation is being deactivated.</summary>
public enum DeactivationReasonCode
{
    /// <summary>No reason given.</summary>
    None = 0,

    /// <summary>The grain called <see cref="Grain.DeactivateOnIdle"/>.</summary>
    ApplicationRequested = 1,

    /// <summary>The activation was idle for longer than the collection age.</summary>
    ActivationIdle = 2,

    /// <summary>The runtime is shutting down.</summary>
    ShuttingDown = 3,
}
