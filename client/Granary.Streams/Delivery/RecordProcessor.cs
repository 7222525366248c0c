// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Client.Diagnostics;
using Granary.Streams.Failures;
using Microsoft.Extensions.Logging;

namespace Granary.Streams.Delivery;

/// <summary>
/// Runs the application's handler for one record with retries and backoff; after the last attempt the record goes to
/// the dead-letter topic (and counts as processed once that write is acknowledged). Without a dead-letter writer the
/// failure propagates and the delivery engine stops at that record. Each attempt is one "process" span.
/// </summary>
internal sealed partial class RecordProcessor
{
    private readonly Func<StreamRecord, int, CancellationToken, Task> _handler;
    private readonly StreamRetryOptions _retry;
    private readonly DeadLetterWriter? _deadLetters;
    private readonly string _group;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public RecordProcessor(Func<StreamRecord, int, CancellationToken, Task> handler, StreamRetryOptions retry, DeadLetterWriter? deadLetters, string group, TimeProvider time, ILogger logger)
    {
        _handler = handler;
        _retry = retry;
        _deadLetters = deadLetters;
        _group = group;
        _time = time;
        _logger = logger;
    }

    public ValueTask ProcessAsync(StreamRecord record, CancellationToken cancellationToken)
    {
        // The fast path: no listener, the handler finished synchronously and succeeded; no state machine is allocated.
        if (!GranaryDiagnostics.ActivitySource.HasListeners())
        {
            var start = _time.GetTimestamp();
            Task first;
            try
            {
                first = _handler(record, 1, cancellationToken);
            }
            catch (Exception ex)
            {
                first = Task.FromException(ex);
            }

            if (first.IsCompletedSuccessfully)
            {
                Record(record, start, null);
                return ValueTask.CompletedTask;
            }

            return new ValueTask(ContinueAsync(record, first, start, cancellationToken));
        }

        return new ValueTask(RunAsync(record, 1, cancellationToken));
    }

    private async Task ContinueAsync(StreamRecord record, Task first, long start, CancellationToken cancellationToken)
    {
        try
        {
            await first.ConfigureAwait(false);
            Record(record, start, null);
            return;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Record(record, start, ex);
            if (!await AfterFailureAsync(record, 1, ex, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }

        await RunAsync(record, 2, cancellationToken).ConfigureAwait(false);
    }

    private async Task RunAsync(StreamRecord record, int attempt, CancellationToken cancellationToken)
    {
        for (; ; attempt++)
        {
            var start = _time.GetTimestamp();
            using var activity = MessagingActivities.StartProcess(record.Topic, record.Partition, _group, record.Offset, record.Key, record.Headers, record.ReceiveContext);
            try
            {
                await _handler(record, attempt, cancellationToken).ConfigureAwait(false);
                Record(record, start, null);
                return;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                MessagingActivities.SetError(activity, ex);
                Record(record, start, ex);
                if (!await AfterFailureAsync(record, attempt, ex, cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
    }

    // True to try again; false when the record was dead-lettered. Throws when it can be neither.
    private async Task<bool> AfterFailureAsync(StreamRecord record, int attempt, Exception failure, CancellationToken cancellationToken)
    {
        if (attempt < _retry.MaxAttempts)
        {
            var delay = _retry.GetDelay(attempt);
            LogRetrying(_logger, record.Topic, record.Partition, record.Offset, attempt, delay, failure);
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }

            return true;
        }

        if (_deadLetters is null)
        {
            LogGivingUp(_logger, record.Topic, record.Partition, record.Offset, attempt, failure);
            throw new StreamDeliveryException($"Record {record.Topic}/{record.Partition}@{record.Offset} failed {attempt} times and dead-lettering is off.", failure);
        }

        var written = await _deadLetters.WriteAsync(record, failure, attempt, _group, cancellationToken).ConfigureAwait(false);
        LogDeadLettered(_logger, record.Topic, record.Partition, record.Offset, attempt, written.ToString(), failure);
        return false;
    }

    private void Record(StreamRecord record, long start, Exception? failure)
    {
        // The tags format the partition number: only build them when a meter listener will read them.
        var timed = MessagingMetrics.ProcessDuration.Enabled;
        var counted = failure is null && MessagingMetrics.ConsumedMessages.Enabled;
        if (!timed && !counted)
        {
            return;
        }

        var tags = MessagingMetrics.DestinationTags(record.Topic, record.Partition, _group, failure?.GetType().FullName);
        if (timed)
        {
            MessagingMetrics.ProcessDuration.Record(_time.GetElapsedTime(start).TotalSeconds, tags);
        }

        if (counted)
        {
            MessagingMetrics.ConsumedMessages.Add(1, tags);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handler failed for {Topic}/{Partition}@{Offset} (attempt {Attempt}); retrying in {Delay}")]
    private static partial void LogRetrying(ILogger logger, string topic, int partition, long offset, int attempt, TimeSpan delay, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Handler failed for {Topic}/{Partition}@{Offset} after {Attempt} attempts; dead-lettered to {DeadLetter}")]
    private static partial void LogDeadLettered(ILogger logger, string topic, int partition, long offset, int attempt, string deadLetter, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Handler failed for {Topic}/{Partition}@{Offset} after {Attempt} attempts and dead-lettering is off; delivery of the partition stops")]
    private static partial void LogGivingUp(ILogger logger, string topic, int partition, long offset, int attempt, Exception exception);
}
