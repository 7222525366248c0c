// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Silo.Network;

/// <summary>
/// Bounds the bytes of request frames one connection has read but not yet finished, so a producer that pipelines
/// faster than the log appends is slowed by TCP flow control instead of growing the silo's memory.
/// </summary>
/// <remarks>
/// Kafka reads one request per connection at a time; reading ahead is Granary's, and this keeps it within what the
/// frame pool can serve without allocating. A frame larger than the whole budget is still admitted once nothing
/// else is in flight, so every legal request (up to socket.request.max.bytes) goes through.
/// </remarks>
public sealed class ReadAheadBudget
{
    private readonly long _limit;
    private readonly Lock _gate = new();
    private long _used;
    private int _waitingFor;
    private TaskCompletionSource? _waiter;

    public ReadAheadBudget(long limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        _limit = limit;
    }

    /// <summary>Bytes taken and not yet released.</summary>
    public long Used
    {
        get
        {
            lock (_gate)
            {
                return _used;
            }
        }
    }

    /// <summary>Takes <paramref name="size"/> bytes, waiting while earlier frames hold the budget (one waiter at a time: the read loop).</summary>
    public ValueTask TakeAsync(int size, CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        lock (_gate)
        {
            if (Fits(size))
            {
                _used += size;
                return ValueTask.CompletedTask;
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiter = waiter;
            _waitingFor = size;
        }

        return new ValueTask(waiter.Task.WaitAsync(cancellationToken));
    }

    /// <summary>Gives back the bytes of a finished frame.</summary>
    public void Release(int size)
    {
        TaskCompletionSource? granted = null;
        lock (_gate)
        {
            _used -= size;
            if (_waiter is not null && Fits(_waitingFor))
            {
                _used += _waitingFor;
                granted = _waiter;
                _waiter = null;
            }
        }

        granted?.TrySetResult();
    }

    private bool Fits(int size) => _used == 0 || _used + size <= _limit;
}
