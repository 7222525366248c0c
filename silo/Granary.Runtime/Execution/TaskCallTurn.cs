// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Runtime.Execution;

/// <summary>A call to a grain method returning <see cref="Task{TResult}"/>.</summary>
internal sealed class TaskCallTurn<TGrain, TArg, TResult>(TArg arg, Func<TGrain, TArg, Task<TResult>> call, GrainCallFlags flags)
    : CallTurn<TResult>(flags)
{
    public override Task StartAsync(GrainActivation activation) => call((TGrain)(object)activation.Instance, arg);

    protected override TResult GetResult(Task finished) => ((Task<TResult>)finished).Result;
}
