// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using Granary.Storage.IO;

namespace Granary.Storage;

/// <summary>
/// Opens every partition log under the data directory and runs the background work Kafka's LogManager runs:
/// retention checks and checkpoints. The partition grain gets its log here.
/// </summary>
public sealed class LogManager : IAsyncDisposable
{
    private readonly ConcurrentDictionary<TopicPartition, PartitionLog> _logs = new();
    private readonly ConcurrentDictionary<TopicPartition, Task> _closing = new();
    private readonly StorageOptions _options;
    private readonly StorageEnvironment _environment;
    private readonly Func<TopicPartition, LogConfig> _configFor;
    private readonly CancellationTokenSource _stopping = new();
    private Task _background = Task.CompletedTask;

    private LogManager(StorageOptions options, StorageEnvironment environment, Func<TopicPartition, LogConfig>? configFor)
    {
        _options = options;
        _environment = environment;
        _configFor = configFor ?? (_ => options.DefaultLogConfig);
    }

    public IReadOnlyCollection<PartitionLog> Logs => _logs.Values.ToArray();

    public StorageEnvironment Environment => _environment;

    /// <summary>Opens all partition directories (in parallel) and starts the background retention/checkpoint loop.</summary>
    public static async Task<LogManager> OpenAsync(
        StorageOptions options,
        IStorageDevice? device = null,
        TimeProvider? timeProvider = null,
        Func<TopicPartition, LogConfig>? configFor = null,
        bool startBackgroundTasks = true,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var environment = new StorageEnvironment(device, timeProvider, options.MaxOpenSegmentFiles);
        var manager = new LogManager(options, environment, configFor);
        environment.Device.CreateDirectory(options.DataDirectory);
        var partitions = environment.Device.ListDirectories(options.DataDirectory)
            .Select(name => TopicPartition.TryParseDirectoryName(name, out var tp) ? tp : (TopicPartition?)null)
            .OfType<TopicPartition>()
            .ToList();
        await Parallel.ForEachAsync(
            partitions,
            new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Math.Max(2, System.Environment.ProcessorCount) },
            async (tp, ct) =>
            {
                var log = await PartitionLog.OpenAsync(options.DataDirectory, tp, manager._configFor(tp), environment, default, ct).ConfigureAwait(false);
                manager._logs[tp] = log;
            }).ConfigureAwait(false);

        if (startBackgroundTasks)
        {
            manager._background = Task.Run(manager.RunBackgroundAsync, CancellationToken.None);
        }

        return manager;
    }

    public PartitionLog? Get(TopicPartition topicPartition) => _logs.GetValueOrDefault(topicPartition);

    /// <summary>Returns the partition's log, creating its directory (and partition.metadata) if new.</summary>
    public async Task<PartitionLog> GetOrCreateAsync(TopicPartition topicPartition, Guid topicId = default, LogConfig? config = null)
    {
        if (_logs.TryGetValue(topicPartition, out var existing))
        {
            return existing;
        }

        // A log still closing must finish (marker written, handles released) before it is opened again, or two
        // writers would share the directory.
        if (_closing.TryGetValue(topicPartition, out var closing))
        {
            await closing.ConfigureAwait(false);
            if (_logs.TryGetValue(topicPartition, out existing))
            {
                return existing;
            }
        }

        var log = await PartitionLog.OpenAsync(_options.DataDirectory, topicPartition, config ?? _configFor(topicPartition), _environment, topicId).ConfigureAwait(false);
        if (!_logs.TryAdd(topicPartition, log))
        {
            await log.CloseAsync().ConfigureAwait(false);
            return _logs[topicPartition];
        }

        return log;
    }

    /// <summary>
    /// Closes one partition's log and forgets it: flushes, writes the partition's checkpoints and clean-shutdown
    /// marker, and releases its file handles and memory. The next <see cref="GetOrCreateAsync"/> reopens it without
    /// recovery. Nothing happens when the partition is not open.
    /// </summary>
    /// <returns>Whether a log was open and has been closed.</returns>
    public async Task<bool> CloseAsync(TopicPartition topicPartition)
    {
        // Registered before the log leaves the table, so an open racing with this close always waits for it.
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_closing.TryAdd(topicPartition, closed.Task))
        {
            if (_closing.TryGetValue(topicPartition, out var other))
            {
                await other.ConfigureAwait(false);
            }

            return false;
        }

        try
        {
            if (!_logs.TryRemove(topicPartition, out var log))
            {
                return false;
            }

            await log.CloseAsync().ConfigureAwait(false);
            return true;
        }
        finally
        {
            _closing.TryRemove(topicPartition, out _);
            closed.SetResult();
        }
    }

    /// <summary>Closes a partition's log and deletes its directory (also when an idle partition's log was closed).</summary>
    public async Task DeleteAsync(TopicPartition topicPartition)
    {
        await CloseAsync(topicPartition).ConfigureAwait(false);
        var directory = Path.Combine(_options.DataDirectory, topicPartition.DirectoryName);
        if (_environment.Device.DirectoryExists(directory))
        {
            _environment.Device.DeleteDirectory(directory);
        }
    }

    /// <summary>One retention pass over every partition (also run every log.retention.check.interval.ms).</summary>
    public async Task<int> RunRetentionAsync()
    {
        var deleted = 0;
        foreach (var log in _logs.Values.Where(l => !l.IsOffline))
        {
            try
            {
                deleted += await log.DeleteOldSegmentsAsync().ConfigureAwait(false);
            }
            catch (LogException)
            {
                // That partition went offline; the others carry on.
            }
        }

        return deleted;
    }

    /// <summary>One log-cleaner pass over every compacted partition whose dirty ratio is high enough.</summary>
    public async Task<long> RunCleanerAsync(CancellationToken cancellationToken = default)
    {
        long removed = 0;
        foreach (var log in _logs.Values.Where(l => !l.IsOffline && l.Config.Compacts))
        {
            try
            {
                removed += (await log.CompactAsync(force: false, cancellationToken).ConfigureAwait(false)).RecordsRemoved;
            }
            catch (LogException)
            {
                // That partition went offline; the others carry on.
            }
            catch (Granary.Protocol.ProtocolException)
            {
                // A batch the cleaner cannot decode stays as it is; the partition keeps serving.
            }
        }

        return removed;
    }

    /// <summary>Writes every partition's checkpoints (HW, log start, recovery point).</summary>
    public async Task CheckpointAsync()
    {
        foreach (var log in _logs.Values.Where(l => !l.IsOffline))
        {
            try
            {
                await log.CheckpointAsync().ConfigureAwait(false);
            }
            catch (LogException)
            {
            }
        }
    }

    /// <summary>Closes every log cleanly (each writes its clean-shutdown marker).</summary>
    public async Task CloseAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _background.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        await Task.WhenAll(_logs.Values.Select(l => l.CloseAsync())).ConfigureAwait(false);
        _logs.Clear();
        _environment.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task RunBackgroundAsync()
    {
        var time = _environment.TimeProvider;
        var nextRetention = time.GetUtcNow().ToUnixTimeMilliseconds() + _options.RetentionCheckIntervalMs;
        var nextCheckpoint = time.GetUtcNow().ToUnixTimeMilliseconds() + _options.CheckpointIntervalMs;
        var nextCleaning = time.GetUtcNow().ToUnixTimeMilliseconds() + Math.Max(1, _options.CleanerBackoffMs);
        while (!_stopping.IsCancellationRequested)
        {
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            var wait = Math.Max(0, Math.Min(Math.Min(nextRetention, nextCheckpoint), nextCleaning) - now);
            await Task.Delay(TimeSpan.FromMilliseconds(wait), time, _stopping.Token).ConfigureAwait(false);
            now = time.GetUtcNow().ToUnixTimeMilliseconds();
            if (now >= nextRetention)
            {
                await RunRetentionAsync().ConfigureAwait(false);
                nextRetention = now + _options.RetentionCheckIntervalMs;
            }

            if (now >= nextCheckpoint)
            {
                await CheckpointAsync().ConfigureAwait(false);
                nextCheckpoint = now + _options.CheckpointIntervalMs;
            }

            if (now >= nextCleaning)
            {
                await RunCleanerAsync(_stopping.Token).ConfigureAwait(false);
                nextCleaning = now + Math.Max(1, _options.CleanerBackoffMs);
            }
        }
    }
}
