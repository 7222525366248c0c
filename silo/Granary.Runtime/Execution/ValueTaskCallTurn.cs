// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Runtime.Execution;

/// <summary>A call to a grain method returning <see cref="ValueTask{TResult}"/>; synchronous completions allocate no task.</summary>
internal sealed class ValueTaskCallTurn<TGrain, TArg, TResult>(TArg arg, Func<TGrain, TArg, ValueTask<TResult>> call, GrainCallFlags flags)
    : CallTurn<TResult>(flags)
{
    private TResult? _syncResult;

    public override Task StartAsync(GrainActivation activation)
    {
        var pending = call((TGrain)(object)activation.Instance, arg);
        if (pending.IsCompletedSuccessfully)
        {
            _syncResult = pending.Result;
            return Task.CompletedTask;
        }

        return pending.AsTask();
    }

    protected override TResult GetResult(Task finished) => finished is Task<TResult> typed ? typed.Result : _syncResult!;
}
