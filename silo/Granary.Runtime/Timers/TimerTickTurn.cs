// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Runtime.Execution;

namespace Granary.Runtime.Timers;

/// <summary>One timer tick as a turn. Ticks belong to their activation: they are dropped, not forwarded, on deactivation.</summary>
internal sealed class TimerTickTurn(GrainTimer timer, TurnKind kind, bool keepAlive) : Turn(kind, keepAlive)
{
    public override bool IsActivationBound => true;

    public override Task StartAsync(GrainActivation activation) => timer.RunTickAsync();

    public override void Complete(Task finished)
    {
        // RunTickAsync handles its own failures and re-arming.
    }

    public override void Fail(Exception exception)
    {
        // A tick has no caller to tell; an undelivered tick is simply skipped.
    }
}
