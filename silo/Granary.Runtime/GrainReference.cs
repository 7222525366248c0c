// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Runtime.Execution;

namespace Granary.Runtime;

/// <summary>
/// A typed reference to a grain, from <see cref="IGrainFactory.GetGrain{TGrainInterface}(string)"/>. Each call is queued
/// as one turn on the grain's activation (created on the first call). References are thread-safe and may be kept for
/// the life of the process; keeping them also skips the activation-table lookup on most calls.
/// </summary>
/// <remarks>
/// Calls take a delegate that invokes the grain method. Pass the arguments through the <c>arg</c> parameter with a
/// <c>static</c> lambda to avoid a closure: then a call allocates one object (the queued turn, which is also the
/// awaited value-task source), plus whatever the grain method itself allocates.
/// A grain that calls itself through its own reference deadlocks (turns are not reentrant), as in Orleans.
/// </remarks>
public sealed class GrainReference<TGrain>
    where TGrain : IGrain
{
    private readonly GrainRuntime _runtime;
    private readonly GrainTypeRegistration _registration;
    private GrainActivation? _activation;

    internal GrainReference(GrainRuntime runtime, GrainTypeRegistration registration, GrainId grainId)
    {
        _runtime = runtime;
        _registration = registration;
        GrainId = grainId;
    }

    /// <summary>The grain this reference addresses.</summary>
    public GrainId GrainId { get; }

    /// <summary>Calls a grain method returning <see cref="Task{TResult}"/>; <paramref name="arg"/> is passed to <paramref name="call"/>.</summary>
    public ValueTask<TResult> InvokeAsync<TArg, TResult>(TArg arg, Func<TGrain, TArg, Task<TResult>> call, GrainCallFlags flags = GrainCallFlags.None)
    {
        ArgumentNullException.ThrowIfNull(call);
        var turn = new TaskCallTurn<TGrain, TArg, TResult>(arg, call, flags);
        Submit(turn);
        return turn.WhenCompletedAsync();
    }

    /// <summary>Calls a grain method returning <see cref="Task"/>.</summary>
    public ValueTask InvokeAsync<TArg>(TArg arg, Func<TGrain, TArg, Task> call, GrainCallFlags flags = GrainCallFlags.None)
    {
        ArgumentNullException.ThrowIfNull(call);
        var turn = new TaskActionTurn<TGrain, TArg>(arg, call, flags);
        Submit(turn);
        return turn.WhenCompletedVoidAsync();
    }

    /// <summary>Calls a grain method returning <see cref="ValueTask{TResult}"/>.</summary>
    public ValueTask<TResult> InvokeValueTaskAsync<TArg, TResult>(TArg arg, Func<TGrain, TArg, ValueTask<TResult>> call, GrainCallFlags flags = GrainCallFlags.None)
    {
        ArgumentNullException.ThrowIfNull(call);
        var turn = new ValueTaskCallTurn<TGrain, TArg, TResult>(arg, call, flags);
        Submit(turn);
        return turn.WhenCompletedAsync();
    }

    /// <summary>Calls a grain method returning <see cref="ValueTask"/>.</summary>
    public ValueTask InvokeValueTaskAsync<TArg>(TArg arg, Func<TGrain, TArg, ValueTask> call, GrainCallFlags flags = GrainCallFlags.None)
    {
        ArgumentNullException.ThrowIfNull(call);
        var turn = new ValueTaskActionTurn<TGrain, TArg>(arg, call, flags);
        Submit(turn);
        return turn.WhenCompletedVoidAsync();
    }

    /// <summary>Calls a grain method returning <see cref="Task{TResult}"/> (convenient form; a capturing lambda allocates a closure).</summary>
    public ValueTask<TResult> InvokeAsync<TResult>(Func<TGrain, Task<TResult>> call, GrainCallFlags flags = GrainCallFlags.None) =>
        InvokeAsync(call, static (grain, c) => c(grain), flags);

    /// <summary>Calls a grain method returning <see cref="Task"/> (convenient form).</summary>
    public ValueTask InvokeAsync(Func<TGrain, Task> call, GrainCallFlags flags = GrainCallFlags.None) =>
        InvokeAsync(call, static (grain, c) => c(grain), flags);

    /// <summary>Calls a grain method returning <see cref="ValueTask{TResult}"/> (convenient form).</summary>
    public ValueTask<TResult> InvokeValueTaskAsync<TResult>(Func<TGrain, ValueTask<TResult>> call, GrainCallFlags flags = GrainCallFlags.None) =>
        InvokeValueTaskAsync(call, static (grain, c) => c(grain), flags);

    /// <summary>Calls a grain method returning <see cref="ValueTask"/> (convenient form).</summary>
    public ValueTask InvokeValueTaskAsync(Func<TGrain, ValueTask> call, GrainCallFlags flags = GrainCallFlags.None) =>
        InvokeValueTaskAsync(call, static (grain, c) => c(grain), flags);

    /// <inheritdoc />
    public override string ToString() => GrainId.ToString();

    private void Submit(Turn turn)
    {
        if (_runtime.IsStopping)
        {
            turn.Fail(new GrainRuntimeStoppedException(GrainId));
            return;
        }

        // A stale cached activation refuses the turn once it has left the table; then look the grain up again.
        var cached = _activation;
        if (cached is not null && cached.Enqueue(turn))
        {
            return;
        }

        _activation = _runtime.Dispatch(_registration, GrainId, turn);
    }
}
