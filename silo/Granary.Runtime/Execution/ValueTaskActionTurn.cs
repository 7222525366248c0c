// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Runtime.Execution;

/// <summary>A call to a grain method returning <see cref="ValueTask"/>.</summary>
internal sealed class ValueTaskActionTurn<TGrain, TArg>(TArg arg, Func<TGrain, TArg, ValueTask> call, GrainCallFlags flags)
    : CallTurn<bool>(flags)
{
    public override Task StartAsync(GrainActivation activation)
    {
        var pending = call((TGrain)(object)activation.Instance, arg);
        return pending.IsCompletedSuccessfully ? Task.CompletedTask : pending.AsTask();
    }

    protected override bool GetResult(Task finished) => true;
}
