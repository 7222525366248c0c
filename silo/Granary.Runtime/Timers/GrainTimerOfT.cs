// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Runtime.Execution;

namespace Granary.Runtime.Timers;

/// <summary>A grain timer with a typed callback state.</summary>
internal sealed class GrainTimer<TState>(
    GrainActivation activation,
    TimeProvider timeProvider,
    Func<TState, CancellationToken, Task> callback,
    TState state,
    GrainTimerCreationOptions options)
    : GrainTimer(activation, timeProvider, options)
{
    protected override Task InvokeCallbackAsync() => callback(state, DisposedToken);
}
