// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Runtime.Tests.TestGrains;

/// <summary>Completes once <c>parties</c> participants have arrived; a participant alone waits forever (tests bound it).</summary>
public sealed class Rendezvous(int parties)
{
    private readonly TaskCompletionSource _allArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrived;

    public Task AllArrived => _allArrived.Task;

    public Task ArriveAsync()
    {
        if (Interlocked.Increment(ref _arrived) == parties)
        {
            _allArrived.TrySetResult();
        }

        return _allArrived.Task;
    }
}
