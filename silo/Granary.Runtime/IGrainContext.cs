// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Runtime.Timers;

namespace Granary.Runtime;

/// <summary>
/// The runtime side of one activation. A grain reaches it through <see cref="Grain"/>'s members, or by taking an
/// <see cref="IGrainContext"/> constructor parameter.
/// </summary>
public interface IGrainContext
{
    /// <summary>The activation's grain id.</summary>
    GrainId GrainId { get; }

    /// <summary>The factory for calling other grains.</summary>
    IGrainFactory GrainFactory { get; }

    /// <summary>The activation's DI scope (one per activation, disposed on deactivation).</summary>
    IServiceProvider ActivationServices { get; }

    /// <summary>Deactivates the activation once the current turn ends; calls queued meanwhile go to a new activation.</summary>
    void DeactivateOnIdle();

    /// <summary>Keeps the activation from idle collection for at least <paramref name="timeSpan"/> from now.</summary>
    void DelayDeactivation(TimeSpan timeSpan);

    /// <summary>Registers a timer whose ticks run as turns of this activation.</summary>
    IGrainTimer RegisterGrainTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options);
}
