// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Consuming;

/// <summary>The Consume thread's work: background events, the application's handlers and interceptors, the next record.</summary>
internal sealed partial class Consumer<TKey, TValue>
{
    private bool TryNext(out ConsumeResult<TKey, TValue>? result)
    {
        while (true)
        {
            ProcessEvents(forClose: false);
            while (_decoded.TryDequeue(out var item))
            {
                if (!_core.Advance(item.State, item.Version, item.NextOffset, item.LeaderEpoch, returned: item.Result is not null || item.Error is not null))
                {
                    continue;
                }

                if (item.Error is not null)
                {
                    throw item.Error;
                }

                if (item.Result is not null)
                {
                    _core.CountReturned();
                    Intercept(item.Result);
                    result = item.Result;
                    return true;
                }
            }

            if (_core.TryTakeChunk(out var chunk, out var decodeReference))
            {
                try
                {
                    DecodeNextBatch(chunk!);
                }
                finally
                {
                    decodeReference?.Release();
                }

                if (chunk!.IsDone)
                {
                    _core.FinishChunk(chunk);
                }

                continue;
            }

            if (_core.TryTakeEof(out var eof))
            {
                result = new ConsumeResult<TKey, TValue> { TopicPartitionOffset = eof!, IsPartitionEOF = true };
                return true;
            }

            result = null;
            return false;
        }
    }

    private void ProcessEvents(bool forClose)
    {
        while (_core.TryTakeEvent(out var e))
        {
            switch (e)
            {
                case ConsumerEvent.Rebalance rebalance:
                    ProcessRebalance(rebalance);
                    break;
                case ConsumerEvent.ErrorRaised error:
                    Invoke(() => _errorHandler?.Invoke(this, error.Error), "error handler");
                    break;
                case ConsumerEvent.ConsumeFailed failed when !forClose:
                    throw new ConsumeException(new ConsumeResult<byte[], byte[]> { TopicPartitionOffset = failed.Position }, failed.Error);
                case ConsumerEvent.Committed committed:
                    ReportCommit(committed.Offsets, committed.Error);
                    break;
                case ConsumerEvent.Log log:
                    if (_logHandler is not null)
                    {
                        Invoke(() => _logHandler(this, log.Message), "log handler");
                    }

                    break;
                case ConsumerEvent.Statistics statistics:
                    Invoke(() => _statisticsHandler?.Invoke(this, statistics.Json), "statistics handler");
                    break;
            }
        }
    }

    private void ProcessRebalance(ConsumerEvent.Rebalance step)
    {
        try
        {
            switch (step.Kind)
            {
                case RebalanceKind.Revoke:
                case RebalanceKind.Lost:
                    var owned = step.Partitions.Where(_core.IsAssigned).ToList();
                    var handler = step.Kind == RebalanceKind.Lost ? _lostHandler ?? _revokedHandler : _revokedHandler;
                    if (handler is not null && (owned.Count > 0 || step.Kind == RebalanceKind.Revoke))
                    {
                        var positions = _core.WithPositions(owned);
                        Invoke(() => handler(this, positions), step.Kind == RebalanceKind.Lost ? "partitions lost handler" : "partitions revoked handler");
                    }

                    if (step.Kind == RebalanceKind.Revoke && _settings.EnableAutoCommit && owned.Count > 0)
                    {
                        CommitStoredAndReport(owned);
                    }

                    foreach (var tp in owned)
                    {
                        DropDecoded(tp);
                    }

                    _core.RemoveAssignment(owned);
                    break;
                case RebalanceKind.Assign:
                case RebalanceKind.IncrementalAssign:
                    var offsets = step.Partitions.Select(tp => new TopicPartitionOffset(tp, Offset.Unset)).ToList();
                    if (_assignedHandler is { } assigned)
                    {
                        var partitions = step.Partitions.ToList();
                        Invoke(() => offsets = [.. assigned(this, partitions) ?? offsets], "partitions assigned handler");
                    }

                    if (step.Kind == RebalanceKind.Assign)
                    {
                        _decoded.Clear();
                        _core.SetAssignment(offsets);
                    }
                    else
                    {
                        _core.AddAssignment(offsets.Where(o => !_core.IsAssigned(o.TopicPartition)));
                    }

                    break;
            }
        }
        finally
        {
            step.Done.TrySetResult();
        }
    }

    /// <summary>Runs queued events (rebalance steps above all) until the task is done, for Close and Unsubscribe.</summary>
    private void PumpEventsUntil(Task done, TimeSpan limit)
    {
        var started = _core.Time.GetTimestamp();
        while (!done.IsCompleted && _core.Time.GetElapsedTime(started) < limit)
        {
            _core.RecordPoll();
            ProcessEvents(forClose: true);
            done.Wait(TimeSpan.FromMilliseconds(20));
        }

        ProcessEvents(forClose: true);
    }

    private void ReportCommit(List<TopicPartitionOffsetError> offsets, Error error)
    {
        foreach (var interceptor in _interceptors)
        {
            Invoke(() => interceptor.OnCommit(offsets, error), "interceptor OnCommit");
        }

        if (_committedHandler is not null)
        {
            Invoke(() => _committedHandler(this, new CommittedOffsets(offsets, error)), "offsets committed handler");
        }
    }

    private void Intercept(ConsumeResult<TKey, TValue> result)
    {
        // Runs for every record: the closures below are made only when there is an interceptor to call (a lambda that
        // captures a parameter allocates its closure on entry to the method, needed or not).
        if (_interceptors.Length > 0)
        {
            InterceptEach(result);
        }
    }

    private void InterceptEach(ConsumeResult<TKey, TValue> result)
    {
        foreach (var interceptor in _interceptors)
        {
            Invoke(() => interceptor.OnConsume(result), "interceptor OnConsume");
        }
    }

    /// <summary>Runs application code; what it throws is logged and reported, never allowed to break consumption.</summary>
    private void Invoke(Action action, string what)
    {
        try
        {
            action();
        }
        catch (Exception ex)
        {
            var message = $"The {what} threw {ex.GetType().Name}: {ex.Message}";
            if (_logHandler is not null && what != "log handler")
            {
                try
                {
                    _logHandler(this, new LogMessage(Name, SyslogLevel.Warning, "APP", message));
                }
                catch (Exception)
                {
                    // The log handler itself failed: nothing else to tell.
                }
            }

            if (what is not ("error handler" or "log handler") && _errorHandler is not null)
            {
                try
                {
                    _errorHandler(this, new Error(ErrorCode.Local_Application, message));
                }
                catch (Exception)
                {
                    // Reported as far as possible.
                }
            }
        }
    }

    private void DropDecoded(TopicPartition tp)
    {
        if (_decoded.Count > 0 && _decoded.Peek().State.TopicPartition == tp)
        {
            _decoded.Clear();
        }
    }
}
