// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Threading.Tasks.Sources;

namespace Granary.Storage;

/// <summary>
/// The hand-off from the appending threads to a partition's writer loop: many producers, one consumer. A producer
/// adds under a lock held for a few instructions; the writer takes everything queued by swapping lists, and is
/// woken (one thread-pool hop) only when it had parked with nothing to do, so a burst of appends costs one wake-up
/// and no allocation beyond the operations themselves.
/// </summary>
/// <remarks>
/// Entries are <see cref="AppendOperation"/> or <see cref="WriterOperation"/>, kept in one list so that their
/// order is preserved.
/// </remarks>
internal sealed class WriterQueue : IValueTaskSource<bool>
{
    private readonly Lock _lock = new();
    private List<object> _pending = [];
    private ManualResetValueTaskSourceCore<bool> _signal = new() { RunContinuationsAsynchronously = true };
    private bool _parked;
    private bool _completed;

    /// <summary>Queues <paramref name="operation"/>; false once <see cref="Complete"/> was called.</summary>
    public bool TryAdd(object operation)
    {
        bool wake;
        lock (_lock)
        {
            if (_completed)
            {
                return false;
            }

            _pending.Add(operation);
            wake = _parked;
            _parked = false;
        }

        if (wake)
        {
            _signal.SetResult(true);
        }

        return true;
    }

    /// <summary>Refuses further operations; the writer drains what is queued, then its wait returns false.</summary>
    public void Complete()
    {
        lock (_lock)
        {
            _completed = true;
        }

        Wake();
    }

    /// <summary>Wakes a parked writer with nothing new queued (a flush.ms deadline).</summary>
    public void Wake()
    {
        lock (_lock)
        {
            if (!_parked)
            {
                return;
            }

            _parked = false;
        }

        _signal.SetResult(true);
    }

    /// <summary>
    /// Completes at once when operations are queued, else parks the writer until one is queued or it is woken;
    /// false when the queue is complete and empty. Only the writer calls this, and awaits each result once.
    /// </summary>
    public ValueTask<bool> WaitAsync()
    {
        lock (_lock)
        {
            if (_pending.Count > 0)
            {
                return new ValueTask<bool>(true);
            }

            if (_completed)
            {
                return new ValueTask<bool>(false);
            }

            _signal.Reset();
            _parked = true;
            return new ValueTask<bool>(this, _signal.Version);
        }
    }

    /// <summary>Takes every queued operation, leaving <paramref name="empty"/> (which the writer has drained) in its place.</summary>
    public List<object> Swap(List<object> empty)
    {
        lock (_lock)
        {
            var taken = _pending;
            _pending = empty;
            return taken;
        }
    }

    bool IValueTaskSource<bool>.GetResult(short token) => _signal.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _signal.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _signal.OnCompleted(continuation, state, token, flags);
}
