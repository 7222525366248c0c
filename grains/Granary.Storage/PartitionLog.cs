// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol;
using Granary.Protocol.Records;
using Granary.Storage.Checkpoints;
using Granary.Storage.IO;
using Granary.Storage.Segments;
using Microsoft.Extensions.Logging;

namespace Granary.Storage;

/// <summary>
/// The log of one partition: a directory of segments with Kafka's layout and semantics. One writer (the
/// partition grain) appends through a group-commit loop; any number of readers read concurrently.
/// </summary>
/// <remarks>
/// Positions follow Kafka: <see cref="LogStartOffset"/> (first offset kept), <see cref="LogEndOffset"/> (next
/// offset to assign), <see cref="HighWatermark"/> (set by the owner), <see cref="RecoveryPoint"/> (everything
/// below it is on stable storage) and <see cref="DurableOffset"/> (the same point, awaitable). Every mutation
/// (append, roll, truncate, retention, compaction swap) runs on the single writer loop, so none of them race. The
/// one exception is the fsync of a rolled segment, which runs in the background (one at a time, in roll order) so
/// the writer never waits on it; the durable offset passes a rolled segment only once its fsync is done, and the
/// writer waits for it before an active-segment flush, a truncation, a deletion of that segment, or close.
/// </remarks>
public sealed partial class PartitionLog : IAsyncDisposable
{
    public const string CleanShutdownFileName = ".kafka_cleanshutdown";
    public const string RecoveryPointCheckpointFileName = "recovery-point-offset-checkpoint";
    public const string HighWatermarkCheckpointFileName = "replication-offset-checkpoint";
    public const string LogStartOffsetCheckpointFileName = "log-start-offset-checkpoint";

    private readonly StorageEnvironment _environment;
    private readonly IStorageDevice _device;
    private readonly FileHandleCache _handles;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly WriterQueue _queue = new();
    private readonly OffsetCheckpointFile _recoveryPointCheckpoint;
    private readonly OffsetCheckpointFile _highWatermarkCheckpoint;
    private readonly OffsetCheckpointFile _logStartCheckpoint;
    private readonly Lock _durableLock = new();
    private readonly List<(long Offset, TaskCompletionSource Waiter)> _durableWaiters = [];
    private readonly bool _ownsEnvironment;
    private LogConfig _config;
    private LogSegment[] _segments = [];
    private long _logStartOffset;
    private long _logEndOffset;
    private long _highWatermark;
    private long _durableOffset;
    private Exception? _offlineError;
    private Task _writer = Task.CompletedTask;
    private bool _cleanMarkerPresent;
    private int _closed;

    private PartitionLog(string dataDirectory, TopicPartition topicPartition, LogConfig config, StorageEnvironment environment, bool ownsEnvironment)
    {
        TopicPartition = topicPartition;
        Directory = Path.Combine(dataDirectory, topicPartition.DirectoryName);
        _config = config;
        _environment = environment;
        _ownsEnvironment = ownsEnvironment;
        _device = environment.Device;
        _handles = environment.Handles;
        _time = environment.TimeProvider;
        _logger = environment.LoggerFactory.CreateLogger<PartitionLog>();
        _recoveryPointCheckpoint = new OffsetCheckpointFile(_device, Path.Combine(Directory, RecoveryPointCheckpointFileName), topicPartition);
        _highWatermarkCheckpoint = new OffsetCheckpointFile(_device, Path.Combine(Directory, HighWatermarkCheckpointFileName), topicPartition);
        _logStartCheckpoint = new OffsetCheckpointFile(_device, Path.Combine(Directory, LogStartOffsetCheckpointFileName), topicPartition);
        EpochCache = null!;
    }

    public TopicPartition TopicPartition { get; }

    /// <summary>The partition directory, <c>&lt;dataDir&gt;/&lt;topic&gt;-&lt;partition&gt;</c>.</summary>
    public string Directory { get; }

    public LogConfig Config => Volatile.Read(ref _config);

    public LeaderEpochCache EpochCache { get; private set; }

    public long LogStartOffset => Volatile.Read(ref _logStartOffset);

    public long LogEndOffset => Volatile.Read(ref _logEndOffset);

    public long HighWatermark => Volatile.Read(ref _highWatermark);

    /// <summary>All offsets below this are fsynced (equal to <see cref="DurableOffset"/>).</summary>
    public long RecoveryPoint => DurableOffset;

    /// <summary>All offsets below this are on stable storage; see <see cref="WaitForDurableAsync"/>.</summary>
    public long DurableOffset => Volatile.Read(ref _durableOffset);

    /// <summary>Whether an I/O error took the partition offline (every call then fails with KafkaStorageError).</summary>
    public bool IsOffline => Volatile.Read(ref _offlineError) is not null;

    /// <summary>Whether the last open found a clean-shutdown marker and skipped recovery.</summary>
    public bool OpenedClean { get; private set; }

    /// <summary>The number of segments, the active one included.</summary>
    public int SegmentCount => Volatile.Read(ref _segments).Length;

    /// <summary>The base offsets of the segments, oldest first.</summary>
    public IReadOnlyList<long> SegmentBaseOffsets => Volatile.Read(ref _segments).Select(s => s.BaseOffset).ToArray();

    /// <summary>The bytes in all segments.</summary>
    public long Size => Volatile.Read(ref _segments).Sum(s => s.PublishedSize);

    /// <summary>
    /// Opens (creating if needed) the log of <paramref name="topicPartition"/> under <paramref name="dataDirectory"/>.
    /// After a clean shutdown this is O(1); otherwise it recovers the segments after the recovery point.
    /// </summary>
    public static Task<PartitionLog> OpenAsync(
        string dataDirectory,
        TopicPartition topicPartition,
        LogConfig? config = null,
        StorageEnvironment? environment = null,
        Guid topicId = default,
        CancellationToken cancellationToken = default)
    {
        config ??= LogConfig.Default;
        config.Validate();
        var owns = environment is null;
        var log = new PartitionLog(dataDirectory, topicPartition, config, environment ?? new StorageEnvironment(), owns);
        return Task.Run(
            () =>
            {
                try
                {
                    log.Load(topicId);
                }
                catch (IOException ex)
                {
                    throw new LogException(KafkaErrorCode.KafkaStorageError, $"Cannot open the log of {topicPartition}: {ex.Message}", ex);
                }

                log._writer = Task.Run(log.RunWriterAsync, CancellationToken.None);
                return log;
            },
            cancellationToken);
    }

    /// <summary>Replaces the topic config (takes effect for the next append, roll and retention check).</summary>
    public void UpdateConfig(LogConfig config)
    {
        config.Validate();
        Volatile.Write(ref _config, config);
    }

    /// <summary>Sets the high watermark (clamped to [LogStartOffset, LogEndOffset]); persisted at the next checkpoint.</summary>
    public void SetHighWatermark(long offset)
    {
        var clamped = Math.Clamp(offset, LogStartOffset, LogEndOffset);
        Volatile.Write(ref _highWatermark, clamped);
    }

    /// <summary>Completes once every offset below <paramref name="offset"/> is on stable storage.</summary>
    public Task WaitForDurableAsync(long offset, CancellationToken cancellationToken = default)
    {
        lock (_durableLock)
        {
            ThrowIfOffline();
            if (DurableOffset >= offset)
            {
                return Task.CompletedTask;
            }

            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _durableWaiters.Add((offset, waiter));
            return cancellationToken.CanBeCanceled ? waiter.Task.WaitAsync(cancellationToken) : waiter.Task;
        }
    }

    /// <summary>Writes the HW, log-start and recovery-point checkpoints and the indexes of the active segment.</summary>
    public Task CheckpointAsync() => RunOnWriterAsync(() =>
    {
        WriteCheckpoints();
        return true;
    });

    /// <summary>
    /// Flushes everything, writes the checkpoints and the clean-shutdown marker, and stops the writer. The next open
    /// then skips recovery.
    /// </summary>
    public async Task CloseAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            await _writer.ConfigureAwait(false);
            return;
        }

        var closing = new WriterOperation(() =>
        {
            if (!IsOffline)
            {
                try
                {
                    var active = ActiveSegment;
                    FlushSegment(active, includeIndexes: true);
                    WaitForRollFlush();
                    if (IsOffline)
                    {
                        return true;
                    }

                    AdvanceDurable(LogEndOffset);
                    WriteCheckpoints();
                    using (var marker = _device.Open(Path.Combine(Directory, CleanShutdownFileName), create: true))
                    {
                        marker.Flush();
                    }

                    _device.FlushDirectory(Directory);
                }
                catch (IOException ex)
                {
                    GoOffline(ex);
                }
            }

            return true;
        });
        _queue.TryAdd(closing);
        _queue.Complete();
        await _writer.ConfigureAwait(false);
        await _rollFlush.ConfigureAwait(false);
        FailDurableWaiters(new LogException(KafkaErrorCode.NotLeaderOrFollower, $"The log of {TopicPartition} is closed."));
        foreach (var segment in Volatile.Read(ref _segments))
        {
            _handles.Invalidate(segment.LogPath);
        }

        if (_ownsEnvironment)
        {
            _environment.Dispose();
        }
    }

    public async ValueTask DisposeAsync() => await CloseAsync().ConfigureAwait(false);

    private LogSegment ActiveSegment => Volatile.Read(ref _segments)[^1];

    private void ThrowIfOffline()
    {
        var error = Volatile.Read(ref _offlineError);
        if (error is not null)
        {
            throw new LogException(KafkaErrorCode.KafkaStorageError, $"The log of {TopicPartition} is offline after an I/O error: {error.Message}", error);
        }
    }

    /// <summary>Called by the writer loop and by the background roll flush; the first error wins.</summary>
    private void GoOffline(Exception error)
    {
        lock (_durableLock)
        {
            if (Interlocked.CompareExchange(ref _offlineError, error, null) is not null)
            {
                return;
            }
        }

        StorageLog.PartitionOffline(_logger, TopicPartition.ToString(), error);
        FailDurableWaiters(new LogException(KafkaErrorCode.KafkaStorageError, $"The log of {TopicPartition} went offline: {error.Message}", error));
    }

    private void AdvanceDurable(long offset)
    {
        List<TaskCompletionSource>? ready = null;
        lock (_durableLock)
        {
            // Under the lock GoOffline takes, so no waiter completes after the partition went offline.
            if (offset <= DurableOffset || IsOffline)
            {
                return;
            }

            Volatile.Write(ref _durableOffset, offset);
            for (var i = _durableWaiters.Count - 1; i >= 0; i--)
            {
                if (_durableWaiters[i].Offset <= offset)
                {
                    (ready ??= []).Add(_durableWaiters[i].Waiter);
                    _durableWaiters.RemoveAt(i);
                }
            }
        }

        ready?.ForEach(w => w.TrySetResult());
    }

    private void FailDurableWaiters(Exception error)
    {
        List<TaskCompletionSource> waiters;
        lock (_durableLock)
        {
            waiters = _durableWaiters.Select(w => w.Waiter).ToList();
            _durableWaiters.Clear();
        }

        waiters.ForEach(w => w.TrySetException(error));
    }

    private void WriteCheckpoints()
    {
        var active = ActiveSegment;
        active.Index.Persist(_device, active.IndexPath, flush: true);
        active.TimeIndex.Persist(_device, active.TimeIndexPath, flush: true);
        _highWatermarkCheckpoint.Write(HighWatermark);
        _logStartCheckpoint.Write(LogStartOffset);
        _recoveryPointCheckpoint.Write(Math.Min(RecoveryPoint, LogEndOffset));
    }

    private void FlushSegment(LogSegment segment, bool includeIndexes)
    {
        using (var lease = _handles.Acquire(segment.LogPath, create: true))
        {
            lease.File.Flush();
        }

        if (includeIndexes && segment.IndexesLoaded)
        {
            if (segment.MaxTimestamp >= 0)
            {
                segment.TimeIndex.MaybeAppend(segment.MaxTimestamp, segment.OffsetOfMaxTimestamp);
            }

            segment.Index.Persist(_device, segment.IndexPath, flush: true);
            segment.TimeIndex.Persist(_device, segment.TimeIndexPath, flush: true);
        }
    }

    private static int FindSegment(LogSegment[] segments, long offset)
    {
        int low = 0, high = segments.Length - 1, found = 0;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            if (segments[mid].BaseOffset <= offset)
            {
                found = mid;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return found;
    }

    private void EnsureLoaded(LogSegment[] segments, int i) =>
        segments[i].EnsureLoaded(_device, _handles, Config, i + 1 < segments.Length ? segments[i + 1].BaseOffset : LogEndOffset);

    private RecordBatchHeader ReadHeader(IStorageFile file, long position)
    {
        Span<byte> header = stackalloc byte[RecordBatchHeader.Size];
        if (file.Read(header, position) != RecordBatchHeader.Size)
        {
            throw new LogException(KafkaErrorCode.KafkaStorageError, $"Short read of a batch header at position {position} in {TopicPartition}.");
        }

        return RecordBatchHeader.Read(header);
    }
}
