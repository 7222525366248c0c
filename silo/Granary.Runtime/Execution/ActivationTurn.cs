// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Runtime.Execution;

/// <summary>The first turn: creates the grain and runs <see cref="Grain.OnActivateAsync"/>.</summary>
internal sealed class ActivationTurn() : Turn(TurnKind.Exclusive, countsAsActivity: true)
{
    public override Task StartAsync(GrainActivation activation) => activation.ActivateCoreAsync();

    public override void Complete(Task finished) => Owner!.OnActivationFinished(finished);

    public override void Fail(Exception exception) => throw new InvalidOperationException("The activation turn is never queued.", exception);
}
