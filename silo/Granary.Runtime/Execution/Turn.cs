// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Runtime.Execution;

/// <summary>
/// One unit of work on an activation's mailbox: a call, a timer tick, activation or deactivation. It is its own
/// thread-pool work item, so starting a turn allocates nothing beyond the turn itself.
/// </summary>
internal abstract class Turn : IThreadPoolWorkItem
{
    protected Turn(TurnKind kind, bool countsAsActivity)
    {
        Kind = kind;
        CountsAsActivity = countsAsActivity;
    }

    public TurnKind Kind { get; }

    /// <summary>Whether finishing this turn resets the activation's idle clock.</summary>
    public bool CountsAsActivity { get; }

    /// <summary>A turn that only makes sense on the activation that created it (timer ticks); dropped instead of forwarded.</summary>
    public virtual bool IsActivationBound => false;

    /// <summary>The activation running the turn; set just before it is queued to the thread pool.</summary>
    public GrainActivation? Owner { get; set; }

    /// <summary>Stopwatch timestamp when the turn started, or 0 when turn metrics are off.</summary>
    public long StartTimestamp { get; set; }

    /// <summary>Starts the turn's work on <paramref name="activation"/>; the turn lasts until the returned task completes.</summary>
    public abstract Task StartAsync(GrainActivation activation);

    /// <summary>Delivers the outcome of the finished task to whoever waits on the turn.</summary>
    public abstract void Complete(Task finished);

    /// <summary>Fails the turn without running it.</summary>
    public abstract void Fail(Exception exception);

    void IThreadPoolWorkItem.Execute() => Owner!.RunTurn(this);
}
