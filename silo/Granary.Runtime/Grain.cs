// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Runtime.Timers;

namespace Granary.Runtime;

/// <summary>
/// Base class for grain implementations. The runtime creates one instance per activation through DI (constructor
/// injection works, including an <see cref="IGrainContext"/> parameter), attaches it to its context, then runs
/// <see cref="OnActivateAsync"/> as the activation's first turn.
/// </summary>
/// <remarks>
/// Turns never overlap unless marked read-only or interleaving, and an await inside a turn does not let another turn in.
/// Work a grain starts outside its turns (fire-and-forget tasks) runs without that protection.
/// </remarks>
public abstract class Grain
{
    private IGrainContext? _context;

    /// <summary>The activation's context; available from <see cref="OnActivateAsync"/> on (and in the constructor via injection).</summary>
    public IGrainContext GrainContext => _context ?? throw new InvalidOperationException("The grain is not attached to an activation yet.");

    /// <summary>This grain's id.</summary>
    public GrainId GrainId => GrainContext.GrainId;

    /// <summary>The factory for calling other grains.</summary>
    protected IGrainFactory GrainFactory => GrainContext.GrainFactory;

    /// <summary>Runs as the activation's first turn. A throw fails every waiting call; the next call retries activation.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Runs as the activation's last turn (idle collection, <see cref="DeactivateOnIdle"/>, shutdown). Release files,
    /// handles and buffers here. The token is cancelled when the deactivation timeout expires.
    /// </summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Deactivates this activation once the current turn ends.</summary>
    protected void DeactivateOnIdle() => GrainContext.DeactivateOnIdle();

    /// <summary>Keeps this activation from idle collection for at least <paramref name="timeSpan"/>.</summary>
    protected void DelayDeactivation(TimeSpan timeSpan) => GrainContext.DelayDeactivation(timeSpan);

    /// <summary>
    /// Registers a timer whose ticks run as turns of this activation (exclusive unless <see cref="GrainTimerCreationOptions.Interleave"/>).
    /// Ticks do not count as activity unless <see cref="GrainTimerCreationOptions.KeepAlive"/>, so a timer does not keep an idle grain alive.
    /// </summary>
    protected IGrainTimer RegisterGrainTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options) =>
        GrainContext.RegisterGrainTimer(callback, state, options);

    /// <summary>Registers a timer with default options (exclusive ticks, no keep-alive).</summary>
    protected IGrainTimer RegisterGrainTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, TimeSpan dueTime, TimeSpan period) =>
        GrainContext.RegisterGrainTimer(callback, state, new GrainTimerCreationOptions(dueTime, period));

    /// <summary>Registers a stateless timer with default options.</summary>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return GrainContext.RegisterGrainTimer(static (c, ct) => c(ct), callback, new GrainTimerCreationOptions(dueTime, period));
    }

    internal void Attach(IGrainContext context) => _context ??= context;
}
