// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Runtime.Execution;

/// <summary>A call to a grain method returning <see cref="Task"/>.</summary>
internal sealed class TaskActionTurn<TGrain, TArg>(TArg arg, Func<TGrain, TArg, Task> call, GrainCallFlags flags)
    : CallTurn<bool>(flags)
{
    public override Task StartAsync(GrainActivation activation) => call((TGrain)(object)activation.Instance, arg);

    protected override bool GetResult(Task finished) => true;
}
