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
            if (!_fetchLoops.ContainsKey(leader) && !_stop.IsCancellationRequested)
            {
                var signal = new AsyncSignal();
                _fetchSignals[leader] = signal;
                _fetchLoops[leader] = Task.Run(() => FetchLoopAsync(leader, signal, _stop.Token));
            }
        }
    }

    private async Task FetchLoopAsync(int nodeId, AsyncSignal signal, CancellationToken cancellationToken)
    {
        KafkaConnection? connection = null;
        var failures = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var request = BuildFetch(nodeId, out var requested);
                if (request is null)
                {
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
                    var timeout = Settings.RequestTimeout + TimeSpan.FromMilliseconds(Settings.FetchWaitMaxMs);
                    var response = await connection.SendAsync<FetchResponse>(request, version, timeout, cancellationToken).ConfigureAwait(false);
                    failures = 0;
                    HandleFetchResponse(response, requested);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
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
        }
    }

    private FetchRequest? BuildFetch(int nodeId, out Dictionary<TopicPartition, (PartitionState State, int Version, long Offset)> requested)
    {
        requested = [];
        var now = Time.GetTimestamp();
        lock (_sync)
        {
            if (_queuedBytes >= Settings.QueuedMaxBytes)
            {
                return null;
            }

            var topics = new Dictionary<string, FetchRequest.FetchTopic>(StringComparer.Ordinal);
            foreach (var state in _order)
            {
                if (state.LeaderId != nodeId || state.Paused || state.FetchOffset < 0 || state.Resolving || state.FetchInFlight ||
                    state.BackoffUntil > now || state.Chunks.Count >= 2)
                {
                    continue;
                }

                if (!topics.TryGetValue(state.TopicPartition.Topic, out var topic))
                {
                    topics[state.TopicPartition.Topic] = topic = new FetchRequest.FetchTopic { Topic = state.TopicPartition.Topic };
                }

                topic.Partitions.Add(new FetchRequest.FetchPartition
                {
                    Partition = state.TopicPartition.Partition.Value,
                    CurrentLeaderEpoch = state.LeaderEpoch,
                    FetchOffset = state.FetchOffset,
                    PartitionMaxBytes = Math.Max(Settings.MaxPartitionFetchBytes, state.FetchSizeOverride),
                });
                state.FetchInFlight = true;
                requested[state.TopicPartition] = (state, state.Version, state.FetchOffset);
            }

            if (requested.Count == 0)
            {
                return null;
            }

            return new FetchRequest
            {
                ReplicaId = -1,
                MaxWaitMs = Settings.FetchWaitMaxMs,
                MinBytes = Settings.FetchMinBytes,
                MaxBytes = Settings.FetchMaxBytes,
                IsolationLevel = Settings.ReadCommitted ? (sbyte)1 : (sbyte)0,

                // Sessionless (KIP-227 session id 0, epoch -1): the broker answers full responses every time.
                SessionId = 0,
                SessionEpoch = -1,
                Topics = [.. topics.Values],
            };
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

    private void HandleFetchResponse(FetchResponse response, Dictionary<TopicPartition, (PartitionState State, int Version, long Offset)> requested)
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

                    wakeConsumer |= HandlePartitionLocked(sent.State, partition);
                }
            }
        }

        if (wakeConsumer)
        {
            ConsumeSignal.Set();
        }
    }

    private bool HandlePartitionLocked(PartitionState state, FetchResponse.PartitionData partition)
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
        var chunk = new FetchedChunk(state, state.Version, from, records[..whole], Settings.ReadCommitted ? partition.AbortedTransactions : null);
        state.Chunks.Enqueue(chunk);
        _queuedBytes += chunk.Records.Length;
        return true;
    }

    private static long LegacyLastOffset(ReadOnlySpan<byte> entry) => System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(entry);

    private static ConsumerEvent.ConsumeFailed ConsumeFailed(PartitionState state, ErrorCode code, string reason) =>
        new(new TopicPartitionOffset(state.TopicPartition, state.FetchOffset), new Error(code, reason));
}
