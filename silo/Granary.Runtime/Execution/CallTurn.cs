// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Threading.Tasks.Sources;

namespace Granary.Runtime.Execution;

/// <summary>
/// A grain call: the turn doubles as the caller's <see cref="IValueTaskSource{TResult}"/>, so a call costs one
/// allocation. Each instance is used once (version 0 throughout).
/// </summary>
internal abstract class CallTurn<TResult> : Turn, IValueTaskSource<TResult>, IValueTaskSource
{
    private ManualResetValueTaskSourceCore<TResult> _core;

    protected CallTurn(GrainCallFlags flags)
        : base(KindOf(flags), countsAsActivity: true)
    {
    }

    public ValueTask<TResult> WhenCompletedAsync() => new(this, _core.Version);

    public ValueTask WhenCompletedVoidAsync() => new(this, _core.Version);

    public sealed override void Complete(Task finished)
    {
        if (finished.IsCompletedSuccessfully)
        {
            _core.SetResult(GetResult(finished));
            return;
        }

        try
        {
            // Rethrowing is the simplest way to surface the original exception (including cancellation) unwrapped.
            finished.GetAwaiter().GetResult();
            _core.SetResult(GetResult(finished));
        }
        catch (Exception exception)
        {
            _core.SetException(exception);
        }
    }

    public sealed override void Fail(Exception exception) => _core.SetException(exception);

    TResult IValueTaskSource<TResult>.GetResult(short token) => _core.GetResult(token);

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<TResult>.GetStatus(short token) => _core.GetStatus(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource<TResult>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    /// <summary>Reads the result of the successfully finished task returned by <see cref="Turn.StartAsync"/>.</summary>
    protected abstract TResult GetResult(Task finished);

    private static TurnKind KindOf(GrainCallFlags flags) =>
        (flags & GrainCallFlags.AlwaysInterleave) != 0 ? TurnKind.Interleave
        : (flags & GrainCallFlags.ReadOnly) != 0 ? TurnKind.ReadOnly
        : TurnKind.Exclusive;
}
