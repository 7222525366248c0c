// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using Granary.Client.Network;

namespace Granary.Client.Consuming;

/// <summary>
/// The type-independent consumer: assignment and positions, prefetching, offsets and the group member. The generic
/// <see cref="Consumer{TKey, TValue}"/> decodes what this prefetches and runs the application's handlers.
/// </summary>
internal sealed partial class ConsumerCore : IAsyncDisposable
{
    private readonly object _sync = new();
    private readonly Dictionary<TopicPartition, PartitionState> _assigned = [];
    private readonly List<PartitionState> _order = [];
    private readonly ConcurrentQueue<ConsumerEvent> _events = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _fetchStop = new();
    private readonly AsyncSignal _maintenanceSignal = new();
    private long _queuedBytes;
    private int _roundRobin;
    private long _lastPoll;
    private long _recordsReturned;
    private Task? _maintenance;

    public ConsumerCore(ConsumerSettings settings, ClusterOptions clusterOptions, TimeProvider time, string name)
    {
        Settings = settings;
        Time = time;
        Name = name;
        Cluster = new KafkaCluster(clusterOptions, time);
        _lastPoll = time.GetTimestamp();
        _lastAutoCommit = time.GetTimestamp();
        _lastMetadataRefresh = time.GetTimestamp();
        _lastStatistics = time.GetTimestamp();
        if (settings.GroupId is not null)
        {
            Group = new GroupMembership(this);
        }
    }

    public ConsumerSettings Settings { get; }

    public TimeProvider Time { get; }

    public string Name { get; }

    public KafkaCluster Cluster { get; }

    /// <summary>The group member; null when group.id is not set (manual assignment only).</summary>
    public GroupMembership? Group { get; }

    /// <summary>Set whenever the Consume thread has something to do: records, EOF, events.</summary>
    public AsyncSignal ConsumeSignal { get; } = new();

    public CancellationToken Stopping => _stop.Token;

    /// <summary>How long ago the application last called Consume (max.poll.interval.ms).</summary>
    public TimeSpan SinceLastPoll => Time.GetElapsedTime(Volatile.Read(ref _lastPoll));

    public long RecordsReturned => Interlocked.Read(ref _recordsReturned);

    public void CountReturned() => Interlocked.Increment(ref _recordsReturned);

    public void Start() => _maintenance = Task.Run(() => MaintenanceLoopAsync(_stop.Token));

    /// <summary>Notes a Consume call (max.poll.interval.ms); returns the timestamp it read, so the caller need not read another.</summary>
    public long RecordPoll()
    {
        // A plain 64-bit write is atomic on the 64-bit runtimes Granary runs on; a locked exchange per record was not needed.
        var now = Time.GetTimestamp();
        Volatile.Write(ref _lastPoll, now);
        Group?.OnPoll();
        return now;
    }

    public void Post(ConsumerEvent e)
    {
        _events.Enqueue(e);
        ConsumeSignal.Set();
    }

    public bool TryTakeEvent(out ConsumerEvent? e) => _events.TryDequeue(out e);

    public void Log(SyslogLevel level, string facility, string message) => Post(new ConsumerEvent.Log(new LogMessage(Name, level, facility, message)));

    public void WakeMaintenance() => _maintenanceSignal.Set();

    public List<TopicPartition> Assignment
    {
        get
        {
            lock (_sync)
            {
                return [.. _order.Select(s => s.TopicPartition)];
            }
        }
    }

    /// <summary>Replaces the assignment (Assign / eager rebalance).</summary>
    public void SetAssignment(IEnumerable<TopicPartitionOffset> partitions)
    {
        var list = partitions.ToList();
        lock (_sync)
        {
            foreach (var state in _order)
            {
                Drop(state);
            }

            _assigned.Clear();
            _order.Clear();
            AddLocked(list);
        }

        WakeAll();
    }

    public void AddAssignment(IEnumerable<TopicPartitionOffset> partitions)
    {
        var list = partitions.ToList();
        lock (_sync)
        {
            foreach (var tpo in list)
            {
                if (_assigned.ContainsKey(tpo.TopicPartition))
                {
                    throw new KafkaException(new Error(ErrorCode.Local_Conflict, $"{tpo.TopicPartition} is already assigned."));
                }
            }

            AddLocked(list);
        }

        WakeAll();
    }

    public void RemoveAssignment(IEnumerable<TopicPartition> partitions)
    {
        lock (_sync)
        {
            foreach (var tp in partitions)
            {
                if (_assigned.Remove(tp, out var state))
                {
                    _order.Remove(state);
                    Drop(state);
                }
            }
        }

        WakeAll();
    }

    public bool IsAssigned(TopicPartition tp)
    {
        lock (_sync)
        {
            return _assigned.ContainsKey(tp);
        }
    }

    public void Seek(TopicPartitionOffset tpo)
    {
        lock (_sync)
        {
            var state = Require(tpo.TopicPartition);
            DropChunks(state);
            state.Reset(tpo.Offset);
        }

        WakeAll();
    }

    public void Pause(IEnumerable<TopicPartition> partitions)
    {
        lock (_sync)
        {
            foreach (var tp in partitions)
            {
                var state = Require(tp);
                if (state.Paused)
                {
                    continue;
                }

                // Prefetched data is dropped (as librdkafka does) and fetched again from the position on resume.
                state.Paused = true;
                DropChunks(state);
                state.Reset(state.Position >= 0 ? new Offset(state.Position) : state.PendingStart);
            }
        }
    }

    public void Resume(IEnumerable<TopicPartition> partitions)
    {
        lock (_sync)
        {
            foreach (var tp in partitions)
            {
                Require(tp).Paused = false;
            }
        }

        WakeAll();
    }

    public Offset Position(TopicPartition tp)
    {
        lock (_sync)
        {
            return _assigned.TryGetValue(tp, out var state) && state.Position >= 0 ? new Offset(state.Position) : Offset.Unset;
        }
    }

    public WatermarkOffsets CachedWatermarks(TopicPartition tp)
    {
        lock (_sync)
        {
            return _assigned.TryGetValue(tp, out var state) && state.HighWatermark >= 0
                ? new WatermarkOffsets(state.LogStartOffset, state.HighWatermark)
                : new WatermarkOffsets(Offset.Unset, Offset.Unset);
        }
    }

    public void StoreOffset(TopicPartition tp, Offset offset, int? leaderEpoch)
    {
        lock (_sync)
        {
            if (!_assigned.TryGetValue(tp, out var state))
            {
                throw new KafkaException(new Error(ErrorCode.Local_State, $"Cannot store an offset for {tp}: it is not assigned."));
            }

            state.StoredOffset = offset.Value;
            state.StoredLeaderEpoch = leaderEpoch;
        }
    }

    /// <summary>Stored offsets that differ from the last commit, for the given partitions (all assigned when null).</summary>
    public List<TopicPartitionOffset> PendingCommits(IEnumerable<TopicPartition>? partitions)
    {
        lock (_sync)
        {
            var states = partitions is null ? _order : partitions.Select(tp => _assigned.GetValueOrDefault(tp)).OfType<PartitionState>();
            return [.. states.Where(s => s.StoredOffset >= 0 && s.StoredOffset != s.CommittedOffset)
                .Select(s => new TopicPartitionOffset(s.TopicPartition, s.StoredOffset, s.StoredLeaderEpoch))];
        }
    }

    /// <summary>Partitions with their current positions (what the revoked/lost handlers receive).</summary>
    public List<TopicPartitionOffset> WithPositions(IEnumerable<TopicPartition> partitions)
    {
        lock (_sync)
        {
            return [.. partitions.Select(tp => new TopicPartitionOffset(
                tp, _assigned.TryGetValue(tp, out var s) && s.Position >= 0 ? new Offset(s.Position) : Offset.Unset))];
        }
    }

    /// <summary>
    /// The next chunk to decode, taking partitions in turn; false when nothing is prefetched. On true,
    /// <paramref name="decodeReference"/> keeps the chunk's bytes alive until the caller releases it after one decode step.
    /// </summary>
    public bool TryTakeChunk(out FetchedChunk? chunk, out ResponseBuffer? decodeReference)
    {
        decodeReference = null;
        lock (_sync)
        {
            for (var i = 0; i < _order.Count; i++)
            {
                var state = _order[(_roundRobin + i) % _order.Count];
                while (state.TryPeekChunk(out var head))
                {
                    if (head.Version != state.Version || head.IsDone)
                    {
                        state.TryDequeueChunk(out _);
                        Release(head);
                        continue;
                    }

                    if (state.Paused)
                    {
                        break;
                    }

                    _roundRobin = (_roundRobin + i + 1) % _order.Count;
                    chunk = head;
                    decodeReference = head.RetainForDecode();
                    return true;
                }
            }
        }

        chunk = null;
        return false;
    }

    /// <summary>Called when the Consume thread finished a chunk, so its bytes no longer count against the prefetch limit.</summary>
    public void FinishChunk(FetchedChunk chunk)
    {
        lock (_sync)
        {
            if (chunk.State.TryPeekChunk(out var head) && ReferenceEquals(head, chunk))
            {
                chunk.State.TryDequeueChunk(out _);
                Release(chunk);
            }
        }
    }

    /// <summary>Whether records decoded under <paramref name="version"/> may still be returned.</summary>
    public bool IsCurrent(PartitionState state, int version)
    {
        lock (_sync)
        {
            return version == state.Version && !state.Paused && _assigned.TryGetValue(state.TopicPartition, out var current) && ReferenceEquals(current, state);
        }
    }

    /// <summary>Moves the position past a returned record (storing it when enable.auto.offset.store) or a skipped batch.</summary>
    public bool Advance(PartitionState state, int version, long next, int? leaderEpoch, bool returned)
    {
        lock (_sync)
        {
            // Detached stands for "no longer in _assigned": this runs for every record, a dictionary lookup per record
            // (hashing the topic name) cost more than the rest of the method.
            if (version != state.Version || state.Paused || state.Detached)
            {
                return false;
            }

            if (next > state.Position)
            {
                state.Position = next;
                state.PositionLeaderEpoch = leaderEpoch;
            }

            if (returned)
            {
                state.EofReported = false;
                if (Settings.EnableAutoOffsetStore)
                {
                    state.StoredOffset = next;
                    state.StoredLeaderEpoch = leaderEpoch;
                }
            }

            return true;
        }
    }

    /// <summary>A partition that reached its end since the last EOF, when enable.partition.eof is set.</summary>
    public bool TryTakeEof(out TopicPartitionOffset? eof)
    {
        eof = null;
        if (!Settings.EnablePartitionEof)
        {
            return false;
        }

        lock (_sync)
        {
            foreach (var state in _order)
            {
                var end = Settings.ReadCommitted && state.LastStableOffset >= 0 ? state.LastStableOffset : state.HighWatermark;
                if (!state.EofReported && !state.Paused && state.Position >= 0 && state.WatermarksVersion == state.Version &&
                    state.ChunkCount == 0 && end >= 0 && state.Position >= end)
                {
                    state.EofReported = true;
                    eof = new TopicPartitionOffset(state.TopicPartition, state.Position);
                    return true;
                }
            }
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
        }

        StopFetching();

        var loops = new List<Task>();
        if (_maintenance is not null)
        {
            loops.Add(_maintenance);
        }

        lock (_sync)
        {
            loops.AddRange(_fetchLoops.Values);
        }

        if (Group is not null)
        {
            loops.Add(Group.Completion);
        }

        try
        {
            await Task.WhenAll(loops).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The loops end on cancellation; anything else they throw has been reported already.
        }

        await Cluster.DisposeAsync().ConfigureAwait(false);
        foreach (var signal in _fetchSignals.Values)
        {
            signal.Dispose();
        }
    }

    private PartitionState Require(TopicPartition tp) =>
        _assigned.TryGetValue(tp, out var state)
            ? state
            : throw new KafkaException(new Error(ErrorCode.Local_State, $"{tp} is not assigned."));

    private void AddLocked(List<TopicPartitionOffset> list)
    {
        foreach (var tpo in list)
        {
            var state = new PartitionState(tpo.TopicPartition);
            state.Reset(tpo.Offset);
            _assigned[tpo.TopicPartition] = state;
            _order.Add(state);
        }

        _metadataStale = true;
    }

    private void Drop(PartitionState state)
    {
        DropChunks(state);
        state.Detached = true;
        state.Version++;
    }

    private void DropChunks(PartitionState state)
    {
        while (state.TryDequeueChunk(out var chunk))
        {
            Release(chunk);
        }
    }

    private void Release(FetchedChunk chunk)
    {
        _queuedBytes -= chunk.Records.Length;
        chunk.ReleaseBuffer();

        // The partition (or the prefetch budget) has room again: its fetcher must not sleep out its idle wait.
        if (_fetchSignals.TryGetValue(chunk.State.LeaderId, out var signal))
        {
            signal.Set();
        }
    }

    private void WakeAll()
    {
        WakeMaintenance();
        WakeFetchers();
        ConsumeSignal.Set();
    }
}
