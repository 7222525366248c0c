// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Runtime.Execution;

/// <summary>The last turn: stops timers, runs <see cref="Grain.OnDeactivateAsync"/> and releases the activation's scope.</summary>
internal sealed class DeactivationTurn() : Turn(TurnKind.Exclusive, countsAsActivity: false)
{
    public override Task StartAsync(GrainActivation activation) => activation.DeactivateCoreAsync();

    public override void Complete(Task finished) => Owner!.OnDeactivationFinished();

    public override void Fail(Exception exception) => throw new InvalidOperationException("The deactivation turn is never queued.", exception);
}
