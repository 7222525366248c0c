// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Client.Network;
using Granary.Protocol;
using Granary.Protocol.Messages;
using Granary.Protocol.Records;

namespace Granary.Client.Consuming;

/// <summary>One fetch loop per broker, each on its own connection so a long poll never delays group or offset requests.</summary>
internal sealed partial class ConsumerCore
{
    // v13+ names topics by id; the client names them by name, as the broker's Fetch v12 does.
    private const short FetchClientMax = 12;

    private readonly Dictionary<int, Task> _fetchLoops = [];
    private readonly Dictionary<int, AsyncSignal> _fetchSignals = [];
    private readonly Dictionary<int, FetchSessionState> _fetchSessions = [];

    /// <summary>Fetch-session counters summed over brokers (full, incremental, resets), for tests and statistics.</summary>
    public (long Full, long Incremental, long Resets, int Open) FetchSessionCounters
    {
        get
        {
            lock (_sync)
            {
                // Read without the loops' cooperation: the figures are monotonic counters, good enough to observe.
                return (_fetchSessions.Values.Sum(s => s.FullFetches), _fetchSessions.Values.Sum(s => s.IncrementalFetches),
                    _fetchSessions.Values.Sum(s => s.Resets), _fetchSessions.Values.Count(s => s.IsOpen));
            }
        }
    }

    /// <summary>The records prefetched for <paramref name="partition"/> and not yet consumed (for tests).</summary>
    public long QueuedRecords(TopicPartition partition)
    {
        lock (_sync)
        {
            return _assigned.TryGetValue(partition, out var state) ? state.QueuedRecords : 0;
        }
    }

    /// <summary>
    /// Ends every fetch loop now (Close starts here): an outstanding long poll is abandoned instead of waited for, and
    /// each loop closes its fetch session. Nothing is fetched afterwards.
    /// </summary>
    public void StopFetching()
    {
        if (!_fetchStop.IsCancellationRequested)
        {
            _fetchStop.Cancel();
        }
    }

    private void WakeFetchers()
    {
        lock (_sync)
        {
            foreach (var signal in _fetchSignals.Values)
            {
                signal.Set();
            }
        }
    }

    /// <summary>Starts a loop for every leader that has none (called with the lock held).</summary>
    private void EnsureFetchLoopsLocked()
    {
        foreach (var leader in _order.Select(s => s.LeaderId).Where(id => id >= 0).Distinct())
        {
            if (!_fetchLoops.ContainsKey(leader) && !_fetchStop.IsCancellationRequested)
            {
                var signal = new AsyncSignal();
                _fetchSignals[leader] = signal;
                _fetchLoops[leader] = Task.Run(() => FetchLoopAsync(leader, signal, _fetchStop.Token));
            }
        }
    }

    private async Task FetchLoopAsync(int nodeId, AsyncSignal signal, CancellationToken cancellationToken)
    {
        KafkaConnection? connection = null;
        var session = new FetchSessionState();
        lock (_sync)
        {
            _fetchSessions[nodeId] = session;
        }

        var failures = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var request = BuildFetch(nodeId, out var requested, out var wanted, out var assignedHere);
                if (request is null)
                {
                    if (session.ShouldClose(assignedHere) && connection is { IsFaulted: false })
                    {
                        // Nothing of this broker is assigned any more (unassigned, revoked): close the session there.
                        await CloseFetchSessionAsync(connection, session, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    await signal.WaitAsync(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
                    continue;
                }

                try
                {
                    if (connection is null || connection.IsFaulted)
                    {
                        if (connection is not null)
                        {
                            await connection.DisposeAsync().ConfigureAwait(false);
                        }

                        connection = null;
                        connection = await Cluster.OpenDedicatedConnectionAsync(nodeId, cancellationToken).ConfigureAwait(false);
                    }

                    var version = connection.Versions.Pick(ApiKey.Fetch, FetchClientMax, clientMin: 4);
                    session.Prepare(request, wanted, supported: version >= 7);
                    var timeout = Settings.RequestTimeout + TimeSpan.FromMilliseconds(Settings.FetchWaitMaxMs);
                    var (response, buffer) = await connection.SendPooledAsync<FetchResponse>(request, version, timeout, cancellationToken).ConfigureAwait(false);
                    failures = 0;
                    try
                    {
                        if (!session.OnResponse(response.ErrorCode, response.SessionId) && IsSessionError(response.ErrorCode))
                        {
                            // Evicted or out of step: the next request is a full fetch that makes a new session.
                            Log(SyslogLevel.Debug, "FETCHSESSION", $"Fetch session with broker {nodeId} lost ({(ErrorCode)response.ErrorCode}): fetching in full.");
                            ClearInFlight(requested);
                            continue;
                        }

                        HandleFetchResponse(response, requested, buffer);
                    }
                    finally
                    {
                        // Chunks that keep records took their own references; the response's goes now.
                        buffer.Release();
                    }
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    session.Reset();
                    ClearInFlight(requested);
                    failures++;
                    if (failures == 1 || failures % 10 == 0)
                    {
                        Log(SyslogLevel.Warning, "FETCH", $"Fetch from broker {nodeId} failed ({failures} in a row): {ex.Message}");
                    }

                    if (connection is not null)
                    {
                        await connection.DisposeAsync().ConfigureAwait(false);
                        connection = null;
                    }

                    _metadataStale = true;
                    WakeMaintenance();
                    await Task.Delay(Settings.FetchErrorBackoff, Time, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Closing.
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            if (session.IsOpen)
            {
                // Closing the consumer: the dedicated connection may have a long poll outstanding, so the session is
                // closed over the shared connection, briefly and best effort (the broker evicts it otherwise).
                await CloseFetchSessionOnSharedConnectionAsync(nodeId, session).ConfigureAwait(false);
            }
        }
    }

    private static bool IsSessionError(short errorCode) =>
        (ErrorCode)errorCode is ErrorCode.FetchSessionIdNotFound or ErrorCode.InvalidFetchSessionEpoch;

    private async Task CloseFetchSessionAsync(KafkaConnection connection, FetchSessionState session, CancellationToken cancellationToken)
    {
        var request = session.CloseRequest(NewFetchRequest());
        try
        {
            var version = connection.Versions.Pick(ApiKey.Fetch, FetchClientMax, clientMin: 7);
            var (_, buffer) = await connection.SendPooledAsync<FetchResponse>(request, version, Settings.RequestTimeout, cancellationToken).ConfigureAwait(false);
            buffer.Release();
        }
        catch (Exception ex) when (ex is KafkaException or InvalidOperationException)
        {
            // The broker evicts sessions nobody uses; a failed close costs it a slot for a while, nothing more.
            Log(SyslogLevel.Debug, "FETCHSESSION", $"Closing the fetch session with broker {connection.Address} failed: {ex.Message}");
        }
    }

    private async Task CloseFetchSessionOnSharedConnectionAsync(int nodeId, FetchSessionState session)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(1), Time);
        try
        {
            var connection = await Cluster.GetConnectionAsync(nodeId, limit.Token).ConfigureAwait(false);
            await CloseFetchSessionAsync(connection, session, limit.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is KafkaException or OperationCanceledException or InvalidOperationException or ObjectDisposedException)
        {
            Log(SyslogLevel.Debug, "FETCHSESSION", $"Closing the fetch session with broker {nodeId} failed: {ex.Message}");
        }
    }

    private FetchRequest NewFetchRequest() => new()
    {
        ReplicaId = -1,
        MaxWaitMs = Settings.FetchWaitMaxMs,
        MinBytes = Settings.FetchMinBytes,
        MaxBytes = Settings.FetchMaxBytes,
        IsolationLevel = Settings.ReadCommitted ? (sbyte)1 : (sbyte)0,
    };

    /// <summary>
    /// The next fetch for <paramref name="nodeId"/>, or null when no partition there can be fetched now. Partitions are
    /// marked in flight; the caller fills in the session fields and partitions (<see cref="FetchSessionState.Prepare"/>).
    /// </summary>
    private FetchRequest? BuildFetch(
        int nodeId,
        out Dictionary<TopicPartition, (PartitionState State, int Version, long Offset)> requested,
        out List<(TopicPartition Partition, FetchRequest.FetchPartition Fetch)> wanted,
        out int assignedHere)
    {
        requested = [];
        wanted = [];
        assignedHere = 0;
        var now = Time.GetTimestamp();
        lock (_sync)
        {
            // librdkafka's prefetch rule: a partition is fetched again while it has fewer than queued.min.messages
            // records queued and the consumer as a whole fewer than queued.max.messages.kbytes. A queue only a chunk or
            // two deep ran dry while the next fetch was out, and the consumer waited idle for every round trip.
            var full = _queuedBytes >= Settings.QueuedMaxBytes;
            foreach (var state in _order)
            {
                if (state.LeaderId != nodeId)
                {
                    continue;
                }

                assignedHere++;
                if (full || state.Paused || state.FetchOffset < 0 || state.Resolving || state.FetchInFlight ||
                    state.BackoffUntil > now || state.QueuedRecords >= Settings.QueuedMinMessages)
                {
                    continue;
                }

                wanted.Add((state.TopicPartition, new FetchRequest.FetchPartition
                {
                    Partition = state.TopicPartition.Partition.Value,
                    CurrentLeaderEpoch = state.LeaderEpoch,
                    FetchOffset = state.FetchOffset,
                    PartitionMaxBytes = Math.Max(Settings.MaxPartitionFetchBytes, state.FetchSizeOverride),
                }));
                state.FetchInFlight = true;
                requested[state.TopicPartition] = (state, state.Version, state.FetchOffset);
            }

            return requested.Count == 0 ? null : NewFetchRequest();
        }
    }

    private void ClearInFlight(Dictionary<TopicPartition, (PartitionState State, int Version, long Offset)> requested)
    {
        lock (_sync)
        {
            foreach (var (state, _, _) in requested.Values)
            {
                state.FetchInFlight = false;
            }
        }
    }

    private void HandleFetchResponse(FetchResponse response, Dictionary<TopicPartition, (PartitionState State, int Version, long Offset)> requested, ResponseBuffer buffer)
    {
        var wakeConsumer = false;
        lock (_sync)
        {
            foreach (var (state, _, _) in requested.Values)
            {
                state.FetchInFlight = false;
            }

            if (response.ErrorCode != 0)
            {
                Post(new ConsumerEvent.ErrorRaised(new Error((ErrorCode)response.ErrorCode, $"Fetch failed: {(ErrorCode)response.ErrorCode}.")));
                return;
            }

            foreach (var topic in response.Responses)
            {
                foreach (var partition in topic.Partitions)
                {
                    var tp = new TopicPartition(topic.Topic, partition.PartitionIndex);
                    if (!requested.TryGetValue(tp, out var sent) || sent.State.Version != sent.Version || sent.State.FetchOffset != sent.Offset ||
                        !_assigned.TryGetValue(tp, out var current) || !ReferenceEquals(current, sent.State))
                    {
                        // Seeked, paused or reassigned while the fetch was out: its data is for a stale position.
                        continue;
                    }

                    wakeConsumer |= HandlePartitionLocked(sent.State, partition, buffer);
                }
            }
        }

        if (wakeConsumer)
        {
            ConsumeSignal.Set();
        }
    }

    private bool HandlePartitionLocked(PartitionState state, FetchResponse.PartitionData partition, ResponseBuffer buffer)
    {
        var error = (ErrorCode)partition.ErrorCode;
        switch (error)
        {
            case ErrorCode.NoError:
                break;
            case ErrorCode.OffsetOutOfRange:
                if (Settings.AutoOffsetReset == Offset.Unset)
                {
                    Post(ConsumeFailed(state, ErrorCode.Local_AutoOffsetReset,
                        $"Fetch offset {state.FetchOffset} is out of range for {state.TopicPartition} and auto.offset.reset is error."));
                    state.BackoffUntil = Time.GetTimestamp() + (long)(Settings.FetchErrorBackoff.TotalSeconds * Time.TimestampFrequency);
                    return true;
                }

                Log(SyslogLevel.Info, "OFFSET", $"Fetch offset {state.FetchOffset} is out of range for {state.TopicPartition}: resetting to {Settings.AutoOffsetReset}.");
                DropChunks(state);
                state.Reset(Settings.AutoOffsetReset);
                WakeMaintenance();
                return false;
            case ErrorCode.NotLeaderForPartition or ErrorCode.LeaderNotAvailable or ErrorCode.UnknownTopicOrPart or
                ErrorCode.FencedLeaderEpoch or ErrorCode.UnknownLeaderEpoch or ErrorCode.ReplicaNotAvailable or ErrorCode.KafkaStorageError:
                // The leader moved (or is moving): find it again; the partition waits meanwhile.
                state.LeaderId = -1;
                state.BackoffUntil = Time.GetTimestamp() + (long)(Settings.RetryBackoff.TotalSeconds * Time.TimestampFrequency);
                _metadataStale = true;
                WakeMaintenance();
                return false;
            default:
                Post(new ConsumerEvent.ErrorRaised(new Error(error, $"Fetch for {state.TopicPartition} failed: {error}.")));
                state.BackoffUntil = Time.GetTimestamp() + (long)(Settings.FetchErrorBackoff.TotalSeconds * Time.TimestampFrequency);
                return true;
        }

        state.HighWatermark = partition.HighWatermark;
        state.LastStableOffset = partition.LastStableOffset;
        if (partition.LogStartOffset >= 0)
        {
            state.LogStartOffset = partition.LogStartOffset;
        }

        state.WatermarksVersion = state.Version;
        if (partition.Records is not { Length: > 0 } records)
        {
            return Settings.EnablePartitionEof && !state.EofReported;
        }

        // Walk the batch headers only: the next fetch starts after the last whole batch; the records are decoded later.
        var next = state.FetchOffset;
        var enumerator = new RecordBatchEnumerator(records.Span, verifyCrc: false);
        var whole = 0;
        try
        {
            while (enumerator.MoveNext())
            {
                var entry = enumerator.Current;
                next = entry.IsLegacy ? Math.Max(next, LegacyLastOffset(entry.Bytes) + 1) : Math.Max(next, entry.Header.NextOffset);
                whole = enumerator.Consumed;
            }
        }
        catch (ProtocolException ex)
        {
            Post(ConsumeFailed(state, ErrorCode.Local_BadMsg, $"Corrupt record batch from {state.TopicPartition} at offset {next}: {ex.Message}"));
            state.BackoffUntil = Time.GetTimestamp() + (long)(Settings.FetchErrorBackoff.TotalSeconds * Time.TimestampFrequency);
            return true;
        }

        if (whole == 0)
        {
            // A batch larger than the partition's fetch size came back cut: ask for more next time.
            state.FetchSizeOverride = Math.Min(Math.Max(state.FetchSizeOverride, Settings.MaxPartitionFetchBytes) * 2, int.MaxValue / 2);
            return false;
        }

        var from = state.FetchOffset;
        state.FetchOffset = next;
        var chunk = new FetchedChunk(state, state.Version, from, next, records[..whole], Settings.ReadCommitted ? partition.AbortedTransactions : null, buffer);
        state.EnqueueChunk(chunk);
        _queuedBytes += chunk.Records.Length;
        return true;
    }

    private static long LegacyLastOffset(ReadOnlySpan<byte> entry) => System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(entry);

    private static ConsumerEvent.ConsumeFailed ConsumeFailed(PartitionState state, ErrorCode code, string reason) =>
        new(new TopicPartitionOffset(state.TopicPartition, state.FetchOffset), new Error(code, reason));
}
