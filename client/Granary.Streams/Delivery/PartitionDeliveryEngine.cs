// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Streams.Delivery;

/// <summary>
/// Delivers one partition's records: records with different keys run concurrently (up to MaxConcurrency), records with
/// the same key strictly one after the other in offset order. <see cref="CommittableOffset"/> only moves past a
/// record once it and every earlier record of the partition have finished, so committing it never skips anything.
/// At most MaxInFlight records are held (queued or running); <see cref="EnqueueAsync"/> waits for room, which is the
/// backpressure that slows fetching down to the speed of the handlers.
/// </summary>
/// <remarks>
/// A record whose processing throws faults the engine: nothing past it is ever committed, new records are refused, and
/// the owner restarts from the committed position. Retries and dead-lettering live inside the process delegate.
/// Records with a null key have no ordering constraint.
/// </remarks>
public sealed class PartitionDeliveryEngine
{
    private readonly Func<StreamRecord, CancellationToken, ValueTask> _process;
    private readonly int _maxConcurrency;
    private readonly int _maxInFlight;
    private readonly CancellationToken _cancellation;
    private readonly Lock _lock = new();
    private readonly Queue<Entry> _window = new();
    private readonly Queue<KeyState> _ready = new();
    private readonly Dictionary<byte[], KeyState> _keys = new(KeyComparer.Instance);

    // With fast handlers a key is usually idle again before its next record arrives, so its state would be allocated
    // (with its queue) once per record; idle states are kept for reuse instead.
    private readonly Stack<KeyState> _spareKeys = new();
    private int _running;
    private long _committable = -1;
    private Exception? _fault;
    private TaskCompletionSource? _room;
    private TaskCompletionSource? _drained;

    public PartitionDeliveryEngine(int maxConcurrency, int maxInFlight, Func<StreamRecord, CancellationToken, ValueTask> process, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        ArgumentNullException.ThrowIfNull(process);
        _maxConcurrency = maxConcurrency;
        _maxInFlight = maxInFlight;
        _process = process;
        _cancellation = cancellationToken;
    }

    /// <summary>The offset to commit (the next record to read after a restart), or -1 while nothing has finished.</summary>
    public long CommittableOffset
    {
        get
        {
            lock (_lock)
            {
                return _committable;
            }
        }
    }

    /// <summary>Records accepted and not yet behind the committable offset.</summary>
    public int InFlight
    {
        get
        {
            lock (_lock)
            {
                return _window.Count;
            }
        }
    }

    /// <summary>The exception that stopped the engine, if any.</summary>
    public Exception? Fault
    {
        get
        {
            lock (_lock)
            {
                return _fault;
            }
        }
    }

    /// <summary>Accepts the next record of the partition (offsets must increase); waits while MaxInFlight records are held.</summary>
    public ValueTask EnqueueAsync(StreamRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_lock)
        {
            ThrowIfFaulted();
            if (_window.Count < _maxInFlight)
            {
                Accept(record);
            }
            else
            {
                return WaitForRoomAsync(record, cancellationToken);
            }
        }

        Pump();
        return ValueTask.CompletedTask;
    }

    /// <summary>Waits until every accepted record has finished (or the engine faulted, which then throws).</summary>
    public Task DrainAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            ThrowIfFaulted();
            if (_window.Count == 0)
            {
                return Task.CompletedTask;
            }

            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _drained.Task.WaitAsync(cancellationToken);
        }
    }

    private async ValueTask WaitForRoomAsync(StreamRecord record, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task room;
            lock (_lock)
            {
                ThrowIfFaulted();
                if (_window.Count < _maxInFlight)
                {
                    Accept(record);
                    break;
                }

                _room ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                room = _room.Task;
            }

            await room.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        Pump();
    }

    private void Accept(StreamRecord record)
    {
        var entry = new Entry(record);
        _window.Enqueue(entry);
        KeyState? key;
        if (record.Key is null)
        {
            key = RentKey(null);
        }
        else if (!_keys.TryGetValue(record.Key, out key))
        {
            key = RentKey(record.Key);
            _keys.Add(record.Key, key);
        }

        entry.Key = key;
        key.Pending.Enqueue(entry);
        if (!key.Active)
        {
            key.Active = true;
            _ready.Enqueue(key);
        }
    }

    // Starts ready keys while concurrency allows; handlers that finish synchronously are completed inline, so a fast
    // handler costs no task or thread hop per record.
    private void Pump()
    {
        while (true)
        {
            Entry entry;
            lock (_lock)
            {
                if (_fault is not null || _running >= _maxConcurrency || _ready.Count == 0)
                {
                    return;
                }

                entry = _ready.Dequeue().Pending.Dequeue();
                _running++;
            }

            ValueTask processing;
            try
            {
                processing = _process(entry.Record, _cancellation);
            }
            catch (Exception ex)
            {
                processing = ValueTask.FromException(ex);
            }

            if (processing.IsCompletedSuccessfully)
            {
                Complete(entry, null);
            }
            else
            {
                _ = AwaitAsync(entry, processing);
            }
        }
    }

    private async Task AwaitAsync(Entry entry, ValueTask processing)
    {
        Exception? failure = null;
        try
        {
            await processing.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        Complete(entry, failure);
        Pump();
    }

    private void Complete(Entry entry, Exception? failure)
    {
        TaskCompletionSource? room = null;
        TaskCompletionSource? drained = null;
        lock (_lock)
        {
            _running--;
            if (failure is not null)
            {
                _fault ??= failure;
                room = _room;
                drained = _drained;
                _room = null;
                _drained = null;
            }
            else
            {
                entry.Done = true;
                var freed = false;
                while (_window.Count > 0 && _window.Peek().Done)
                {
                    _committable = _window.Dequeue().Record.Offset + 1;
                    freed = true;
                }

                if (freed && _room is not null)
                {
                    room = _room;
                    _room = null;
                }

                if (_window.Count == 0 && _drained is not null)
                {
                    drained = _drained;
                    _drained = null;
                }

                var key = entry.Key!;
                entry.Key = null;
                if (key.Pending.Count > 0)
                {
                    _ready.Enqueue(key);
                }
                else
                {
                    key.Active = false;
                    if (key.Bytes is not null)
                    {
                        _keys.Remove(key.Bytes);
                    }

                    if (_spareKeys.Count < _maxConcurrency)
                    {
                        key.Bytes = null;
                        _spareKeys.Push(key);
                    }
                }
            }
        }

        room?.TrySetResult();
        if (drained is not null)
        {
            if (failure is null)
            {
                drained.TrySetResult();
            }
            else
            {
                drained.TrySetException(new StreamDeliveryException("A record could not be processed; delivery stopped.", failure));
            }
        }
    }

    private KeyState RentKey(byte[]? bytes)
    {
        if (_spareKeys.TryPop(out var key))
        {
            key.Bytes = bytes;
            return key;
        }

        return new KeyState(bytes);
    }

    private void ThrowIfFaulted()
    {
        if (_fault is not null)
        {
            throw new StreamDeliveryException("A record could not be processed; delivery stopped.", _fault);
        }
    }

    private sealed class Entry(StreamRecord record)
    {
        public StreamRecord Record { get; } = record;

        public KeyState? Key { get; set; }

        public bool Done { get; set; }
    }

    private sealed class KeyState(byte[]? bytes)
    {
        public byte[]? Bytes { get; set; } = bytes;

        public Queue<Entry> Pending { get; } = new();

        public bool Active { get; set; }
    }
}
