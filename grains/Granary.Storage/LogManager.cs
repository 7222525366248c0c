// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using Granary.Storage.Checkpoints;
using Granary.Storage.IO;
using Granary.Storage.Segments;

namespace Granary.Storage;

/// <summary>
/// Knows every partition log under the data directory and runs the background work Kafka's LogManager runs:
/// retention checks, the log cleaner and checkpoints. The partition grain gets its log here.
/// </summary>
/// <remarks>
/// Startup only lists the partition directories; a log is opened on first use (<see cref="GetOrCreateAsync"/>), so
/// many partitions cost neither startup time nor file handles. Retention and the cleaner look at a closed log's
/// segment file names, sizes and modification times, open only the logs that have work, and close them again
/// unless a grain started using them meanwhile.
/// </remarks>
public sealed class LogManager : IAsyncDisposable
{
    private readonly ConcurrentDictionary<TopicPartition, PartitionLog> _logs = new();
    private readonly ConcurrentDictionary<TopicPartition, byte> _known = new();
    private readonly ConcurrentDictionary<string, LogConfig> _topicConfigs = new(StringComparer.Ordinal);

    // Guarded by _gate: opens and closes in progress, the logs a caller of GetOrCreateAsync holds, and (for the
    // cleaner) closed logs whose last pass found nothing to clean, with the segment set it saw.
    private readonly Dictionary<TopicPartition, Task> _pending = [];
    private readonly HashSet<TopicPartition> _inUse = [];
    private readonly Dictionary<TopicPartition, long> _nothingToClean = [];
    private readonly Lock _gate = new();
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

    /// <summary>The logs open right now.</summary>
    public IReadOnlyCollection<PartitionLog> Logs => _logs.Values.ToArray();

    /// <summary>Every partition with a directory under the data directory, open or not.</summary>
    public IReadOnlyCollection<TopicPartition> Partitions => _known.Keys.ToArray();

    public StorageEnvironment Environment => _environment;

    /// <summary>The config a log gets when the manager opens it itself (broker defaults unless a topic's was set).</summary>
    public LogConfig DefaultLogConfig => _options.DefaultLogConfig;

    /// <summary>
    /// Lists the partition directories (opening none of their logs) and starts the background
    /// retention/cleaner/checkpoint loop.
    /// </summary>
    public static Task<LogManager> OpenAsync(
        StorageOptions options,
        IStorageDevice? device = null,
        TimeProvider? timeProvider = null,
        Func<TopicPartition, LogConfig>? configFor = null,
        bool startBackgroundTasks = true,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        var environment = new StorageEnvironment(device, timeProvider, options.MaxOpenSegmentFiles);
        var manager = new LogManager(options, environment, configFor);
        environment.Device.CreateDirectory(options.DataDirectory);
        foreach (var name in environment.Device.ListDirectories(options.DataDirectory))
        {
            if (TopicPartition.TryParseDirectoryName(name, out var tp))
            {
                manager._known[tp] = 0;
            }
        }

        if (startBackgroundTasks)
        {
            manager._background = Task.Run(manager.RunBackgroundAsync, CancellationToken.None);
        }

        return Task.FromResult(manager);
    }

    /// <summary>The partition's log if it is open, else null (a closed log is not opened by this call).</summary>
    public PartitionLog? Get(TopicPartition topicPartition) => _logs.GetValueOrDefault(topicPartition);

    /// <summary>Whether the partition has a directory here (its log may be closed).</summary>
    public bool Contains(TopicPartition topicPartition) => _known.ContainsKey(topicPartition);

    /// <summary>
    /// The config used for a topic's logs that the manager opens itself (retention or cleaning of a closed log);
    /// the owner of an open log sets its config directly.
    /// </summary>
    public void SetTopicConfig(string topic, LogConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        _topicConfigs[topic] = config;
    }

    /// <summary>Returns the partition's log, opening it (and creating its directory and partition.metadata) if needed.</summary>
    public async Task<PartitionLog> GetOrCreateAsync(TopicPartition topicPartition, Guid topicId = default, LogConfig? config = null)
    {
        while (true)
        {
            TaskCompletionSource? opening = null;
            lock (_gate)
            {
                if (_logs.TryGetValue(topicPartition, out var existing))
                {
                    _inUse.Add(topicPartition);
                    return existing;
                }

                // A log still opening or closing must finish (marker written, handles released) before it is opened
                // again, or two writers would share the directory.
                if (!_pending.ContainsKey(topicPartition))
                {
                    opening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    _pending[topicPartition] = opening.Task;
                }
            }

            if (opening is null)
            {
                await WaitPendingAsync(topicPartition).ConfigureAwait(false);
                continue;
            }

            try
            {
                var log = await PartitionLog.OpenAsync(_options.DataDirectory, topicPartition, config ?? ConfigFor(topicPartition), _environment, topicId).ConfigureAwait(false);
                lock (_gate)
                {
                    _logs[topicPartition] = log;
                    _inUse.Add(topicPartition);
                    _known[topicPartition] = 0;
                }

                return log;
            }
            finally
            {
                lock (_gate)
                {
                    _pending.Remove(topicPartition);
                }

                opening.SetResult();
            }
        }
    }

    /// <summary>
    /// Closes one partition's log and forgets it: flushes, writes the partition's checkpoints and clean-shutdown
    /// marker, and releases its file handles and memory. The next <see cref="GetOrCreateAsync"/> reopens it without
    /// recovery. Nothing happens when the partition is not open.
    /// </summary>
    /// <returns>Whether a log was open and has been closed.</returns>
    public async Task<bool> CloseAsync(TopicPartition topicPartition)
    {
        while (true)
        {
            PartitionLog? log;
            TaskCompletionSource? closed = null;
            lock (_gate)
            {
                if (!_pending.ContainsKey(topicPartition))
                {
                    _inUse.Remove(topicPartition);
                    if (!_logs.TryRemove(topicPartition, out log))
                    {
                        return false;
                    }

                    // Registered before the log leaves the table, so an open racing with this close waits for it.
                    closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    _pending[topicPartition] = closed.Task;
                }
                else
                {
                    log = null;
                }
            }

            if (closed is null)
            {
                await WaitPendingAsync(topicPartition).ConfigureAwait(false);
                continue;
            }

            try
            {
                await log!.CloseAsync().ConfigureAwait(false);
                return true;
            }
            finally
            {
                lock (_gate)
                {
                    _pending.Remove(topicPartition);
                }

                closed.SetResult();
            }
        }
    }

    /// <summary>Closes a partition's log and deletes its directory (also when the log was not open).</summary>
    public async Task DeleteAsync(TopicPartition topicPartition)
    {
        await CloseAsync(topicPartition).ConfigureAwait(false);
        _known.TryRemove(topicPartition, out _);
        var directory = Path.Combine(_options.DataDirectory, topicPartition.DirectoryName);
        if (_environment.Device.DirectoryExists(directory))
        {
            _environment.Device.DeleteDirectory(directory);
        }
    }

    /// <summary>
    /// One retention pass over every partition (also run every log.retention.check.interval.ms). A closed log is
    /// opened only when its segment files show work: a non-active segment older than retention.ms by its
    /// modification time, or more bytes than retention.bytes.
    /// </summary>
    public async Task<int> RunRetentionAsync()
    {
        var deleted = 0;
        var now = _environment.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var tp in _known.Keys)
        {
            if (_logs.TryGetValue(tp, out var open))
            {
                deleted += await DeleteOldSegmentsAsync(open).ConfigureAwait(false);
            }
            else if (RetentionMayDelete(tp, ConfigFor(tp), now))
            {
                deleted += await WithClosedLogAsync(tp, DeleteOldSegmentsAsync).ConfigureAwait(false);
            }
        }

        return deleted;
    }

    /// <summary>
    /// One log-cleaner pass over every compacted partition whose dirty ratio is high enough. A closed log is opened
    /// only when it has sealed segments past its cleaner checkpoint that no earlier pass has found clean.
    /// </summary>
    public async Task<long> RunCleanerAsync(CancellationToken cancellationToken = default)
    {
        long removed = 0;
        foreach (var tp in _known.Keys)
        {
            if (_logs.TryGetValue(tp, out var open))
            {
                if (open.Config.Compacts)
                {
                    removed += await CompactAsync(open, cancellationToken).ConfigureAwait(false);
                }
            }
            else if (ConfigFor(tp).Compacts && CleanerMayWork(tp) is { } signature)
            {
                var result = await WithClosedLogAsync(tp, log => CompactAsync(log, cancellationToken)).ConfigureAwait(false);
                removed += result;
                if (result == 0)
                {
                    lock (_gate)
                    {
                        _nothingToClean[tp] = signature;
                    }
                }
            }
        }

        return removed;
    }

    /// <summary>Writes every open partition's checkpoints (HW, log start, recovery point); closed logs wrote theirs at close.</summary>
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

    /// <summary>Closes every open log cleanly (each writes its clean-shutdown marker).</summary>
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

        Task[] pending;
        lock (_gate)
        {
            pending = [.. _pending.Values];
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
        await Task.WhenAll(_logs.Keys.Select(CloseAsync)).ConfigureAwait(false);
        _environment.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private static async Task<int> DeleteOldSegmentsAsync(PartitionLog log)
    {
        if (log.IsOffline)
        {
            return 0;
        }

        try
        {
            return await log.DeleteOldSegmentsAsync().ConfigureAwait(false);
        }
        catch (LogException)
        {
            // That partition went offline; the others carry on.
            return 0;
        }
        catch (ObjectDisposedException)
        {
            // Its owner closed it meanwhile; the next pass sees it again.
            return 0;
        }
    }

    private static async Task<long> CompactAsync(PartitionLog log, CancellationToken cancellationToken)
    {
        if (log.IsOffline)
        {
            return 0;
        }

        try
        {
            return (await log.CompactAsync(force: false, cancellationToken).ConfigureAwait(false)).RecordsRemoved;
        }
        catch (LogException)
        {
            // That partition went offline; the others carry on.
            return 0;
        }
        catch (ObjectDisposedException)
        {
            return 0;
        }
        catch (Granary.Protocol.ProtocolException)
        {
            // A batch the cleaner cannot decode stays as it is; the partition keeps serving.
            return 0;
        }
    }

    private LogConfig ConfigFor(TopicPartition topicPartition) =>
        _topicConfigs.TryGetValue(topicPartition.Topic, out var config) ? config : _configFor(topicPartition);

    private Task WaitPendingAsync(TopicPartition topicPartition)
    {
        lock (_gate)
        {
            return _pending.GetValueOrDefault(topicPartition) ?? Task.CompletedTask;
        }
    }

    /// <summary>The log segments of a closed partition, oldest first, from the directory listing alone.</summary>
    private List<StorageFileStatus> SegmentFiles(TopicPartition topicPartition)
    {
        var directory = Path.Combine(_options.DataDirectory, topicPartition.DirectoryName);
        try
        {
            return _environment.Device.ListFileStatuses(directory)
                .Where(f => f.Name.EndsWith(SegmentFileNames.LogSuffix, StringComparison.Ordinal) && SegmentFileNames.TryParseBaseOffset(f.Name, out _))
                .OrderBy(f => f.Name, StringComparer.Ordinal)
                .ToList();
        }
        catch (IOException)
        {
            return [];
        }
    }

    /// <summary>
    /// Whether retention could delete a segment of a closed log. The modification time of a sealed segment is its
    /// last append, never earlier than that append's timestamp as the log saw it, so it never opens a log too late
    /// for records stamped at append time; the log itself then decides by the segment's largest timestamp.
    /// </summary>
    private bool RetentionMayDelete(TopicPartition topicPartition, LogConfig config, long now)
    {
        if (!config.DeletesByRetention || (config.RetentionMs < 0 && config.RetentionBytes < 0))
        {
            return false;
        }

        var segments = SegmentFiles(topicPartition);
        if (segments.Count < 2)
        {
            return false;
        }

        var oldest = segments[0];
        if (config.RetentionMs >= 0 && now - oldest.LastWriteUnixMs > config.RetentionMs)
        {
            return true;
        }

        return config.RetentionBytes >= 0 && segments.Sum(s => s.Length) - oldest.Length >= config.RetentionBytes;
    }

    /// <summary>
    /// When the cleaner could have work in a closed log, a signature of its sealed segments (so a pass that found
    /// nothing is not repeated until they change); null when it has none: no sealed segment past the cleaner
    /// checkpoint.
    /// </summary>
    private long? CleanerMayWork(TopicPartition topicPartition)
    {
        var segments = SegmentFiles(topicPartition);
        if (segments.Count < 2)
        {
            return null;
        }

        SegmentFileNames.TryParseBaseOffset(segments[^1].Name, out var activeBase);
        var signature = HashCode.Combine(segments.Count, activeBase, segments[0].Name);
        lock (_gate)
        {
            if (_nothingToClean.TryGetValue(topicPartition, out var seen) && seen == signature)
            {
                return null;
            }
        }

        var directory = Path.Combine(_options.DataDirectory, topicPartition.DirectoryName);
        var checkpoint = new OffsetCheckpointFile(_environment.Device, Path.Combine(directory, PartitionLog.CleanerOffsetCheckpointFileName), topicPartition);
        var firstDirty = checkpoint.Read() ?? 0;
        return activeBase > firstDirty ? signature : null;
    }

    /// <summary>
    /// Opens a closed log for one piece of background work and closes it afterwards, unless a caller of
    /// <see cref="GetOrCreateAsync"/> took it meanwhile (it is theirs then). Skips a log being opened or closed.
    /// </summary>
    private async Task<T> WithClosedLogAsync<T>(TopicPartition topicPartition, Func<PartitionLog, Task<T>> work)
    {
        TaskCompletionSource opening;
        lock (_gate)
        {
            if (_logs.ContainsKey(topicPartition) || _pending.ContainsKey(topicPartition))
            {
                return default!;
            }

            opening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _pending[topicPartition] = opening.Task;
        }

        PartitionLog log;
        try
        {
            log = await PartitionLog.OpenAsync(_options.DataDirectory, topicPartition, ConfigFor(topicPartition), _environment).ConfigureAwait(false);
            lock (_gate)
            {
                _logs[topicPartition] = log;
            }
        }
        catch (LogException)
        {
            return default!;
        }
        catch (IOException)
        {
            return default!;
        }
        finally
        {
            lock (_gate)
            {
                _pending.Remove(topicPartition);
            }

            opening.SetResult();
        }

        try
        {
            return await work(log).ConfigureAwait(false);
        }
        finally
        {
            var release = false;
            lock (_gate)
            {
                release = !_inUse.Contains(topicPartition) && _logs.TryGetValue(topicPartition, out var current) && ReferenceEquals(current, log);
            }

            if (release)
            {
                await CloseAsync(topicPartition).ConfigureAwait(false);
            }
        }
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
