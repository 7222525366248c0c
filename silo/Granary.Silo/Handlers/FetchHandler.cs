// Copyright (c) Granary contributors. Licensed under the MIT License.
// Fetch (API key 1), versions 0-12.
//   v0-v3 (clients before Kafka 0.11) read message format v0 (Fetch v0-1) or v1 (v2-3): the v2 batches are
//       down-converted after the read (FetchDownConversion: uncompressed, headers dropped, control batches skipped).
//   v4+ isolation_level and last_stable_offset (read_committed reads up to the LastStableOffset, which equals the
//       HighWatermark until transactions exist; aborted_transactions is then an empty list).
//   v5+ log_start_offset; v7+ fetch sessions (KIP-227); v9+ current_leader_epoch (not checked: one silo, epoch 0);
//   v11+ rack_id and preferred_read_replica (-1); v12 flexible.
//   v13+ address topics by id: not offered yet (clients fall back to v12 by names).
// Fetch sessions (KIP-227, v7+): session_id 0 / epoch 0 is a full fetch that creates a session (its non-zero id goes
// back in the response) unless max.incremental.fetch.session.cache.slots is 0; epoch -1 is a sessionless full fetch
// (and closes the named session, if any); epoch > 0 continues session_id: the request names only partitions whose
// fetch position changed plus forgotten_topics_data, and the response carries only the session's partitions with
// records, an error, or a moved HighWatermark/LastStableOffset/LogStartOffset. An unknown or evicted session id gets
// FETCH_SESSION_ID_NOT_FOUND, a wrong epoch INVALID_FETCH_SESSION_EPOCH; both make the client start over.
// Long poll: when fewer than min_bytes are available the handler waits up to max_wait_ms, woken by HighWatermark
// advances of the requested partitions (no polling). partition_max_bytes and the response max_bytes bound the bytes,
// except that the first non-empty partition always returns at least one whole batch (as Kafka does, so a batch larger
// than the limits never blocks a consumer). Stored batches are sent as they are: never decompressed or re-encoded;
// each partition's bytes are referenced as a file range (FetchedRecords) and read by the connection straight into its
// socket buffer when it sends the response: one copy in user space. A range that cannot be read then (the segment was
// truncated under it) closes the connection, since its size is already sent; the client reconnects and fetches again.
using System.Buffers;
using Granary.Grains.Partitions;
using Granary.Protocol;
using Granary.Protocol.Messages;
using Granary.Protocol.Primitives;
using Granary.Runtime;
using Granary.Silo.Dispatch;
using Granary.Silo.FetchSessions;
using Granary.Storage;

namespace Granary.Silo.Handlers;

public sealed class FetchHandler : IApiHandler
{
    private readonly IGrainFactory _grains;
    private readonly PartitionAppendSignal _signal;
    private readonly TimeProvider _time;
    private readonly FetchSessionCache _sessions;

    public FetchHandler(IGrainFactory grains, PartitionAppendSignal signal, TimeProvider time, FetchSessionCache sessions)
    {
        _grains = grains;
        _signal = signal;
        _time = time;
        _sessions = sessions;
    }

    public ApiKey ApiKey => ApiKey.Fetch;

    public short MinVersion => 0;

    public short MaxVersion => 12;

    public async ValueTask HandleAsync(ApiRequest request, ApiResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        var fetch = new FetchRequest();
        var reader = new KafkaReader(request.Body);
        fetch.Read(ref reader, request.ApiVersion);

        var result = new FetchResponse { SessionId = 0 };
        FetchSession? session = null;
        List<FetchTarget> targets;
        if (request.ApiVersion >= 7 && fetch.SessionEpoch > 0)
        {
            var code = _sessions.TryContinue(fetch.SessionId, fetch.SessionEpoch, out session);
            if (code != KafkaErrorCode.None)
            {
                result.ErrorCode = (short)code;
                result.Write(response.Writer, response.Version);
                return;
            }

            foreach (var topic in fetch.Topics)
            {
                foreach (var partition in topic.Partitions)
                {
                    session!.Upsert(topic.Topic, partition.Partition, partition.FetchOffset, partition.PartitionMaxBytes);
                }
            }

            foreach (var forgotten in fetch.ForgottenTopicsData)
            {
                foreach (var partition in forgotten.Partitions)
                {
                    session!.Forget(forgotten.Topic, partition);
                }
            }

            targets = [.. session!.Partitions.Select(p => new FetchTarget(p.Topic, p.Partition, p.FetchOffset, p.MaxBytes))];
        }
        else
        {
            if (request.ApiVersion >= 7 && fetch.SessionEpoch < -1)
            {
                result.ErrorCode = (short)KafkaErrorCode.InvalidFetchSessionEpoch;
                result.Write(response.Writer, response.Version);
                return;
            }

            if (request.ApiVersion >= 7 && fetch.SessionId != 0)
            {
                _sessions.Remove(fetch.SessionId);
            }

            targets = [.. fetch.Topics.SelectMany(t => t.Partitions.Select(p => new FetchTarget(t.Topic, p.Partition, p.FetchOffset, p.PartitionMaxBytes, t.TopicId)))];
            if (request.ApiVersion >= 7 && fetch.SessionEpoch == 0 && fetch.ReplicaId < 0 && _sessions.Create() is { } created)
            {
                session = created;
                foreach (var target in targets)
                {
                    session.Upsert(target.Topic, target.Partition, target.FetchOffset, target.MaxBytes);
                }
            }
        }

        var incremental = session is not null && fetch.SessionEpoch > 0;
        result.SessionId = session?.Id ?? 0;
        var isolation = fetch.IsolationLevel == 1 ? IsolationLevel.ReadCommitted : IsolationLevel.ReadUncommitted;
        var deadline = _time.GetTimestamp() + (long)(Math.Max(0, fetch.MaxWaitMs) * (_time.TimestampFrequency / 1000.0));
        var fetched = new List<FetchedRecords>();
        try
        {
            while (true)
            {
                // Take the wake-up tasks before reading, so an append between the read and the wait still wakes us.
                var wakeups = new List<Task>(targets.Count);
                foreach (var target in targets)
                {
                    wakeups.Add(_signal.WhenAdvancedAsync(new TopicPartition(target.Topic, target.Partition)));
                }

                var (responseData, bytes, anyError) = await ReadAllAsync(targets, fetch.MaxBytes, isolation, fetched).ConfigureAwait(false);
                var remaining = _time.GetElapsedTime(_time.GetTimestamp(), deadline);
                if (bytes >= Math.Max(1, fetch.MinBytes) || anyError || remaining <= TimeSpan.Zero || wakeups.Count == 0)
                {
                    // Down-converted records are ordinary arrays, copied into the response as it is written, so they
                    // go back to the pool right after; the log ranges they replaced are released with the unsent ones.
                    var converted = new List<byte[]>();
                    try
                    {
                        if (request.ApiVersion <= FetchDownConversion.MaxLegacyVersion)
                        {
                            FetchDownConversion.Apply(responseData, request.ApiVersion, targets, fetch.MaxBytes, converted);
                        }

                        result.Responses = session is null ? responseData : Remember(session, responseData, incremental);
                        result.Write(response.Writer, response.Version);
                    }
                    finally
                    {
                        foreach (var buffer in converted)
                        {
                            ArrayPool<byte>.Shared.Return(buffer);
                        }
                    }

                    return;
                }

                ReleaseUnsent(fetched);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var delay = Task.Delay(remaining, _time, timeout.Token);
                wakeups.Add(delay);
                await Task.WhenAny(wakeups).ConfigureAwait(false);
                await timeout.CancelAsync().ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            // Records the response took are released by the connection once sent.
            ReleaseUnsent(fetched);
        }
    }

    /// <summary>Records what the response tells the client; an incremental response keeps only the partitions with news.</summary>
    private static List<FetchResponse.FetchableTopicResponse> Remember(FetchSession session, List<FetchResponse.FetchableTopicResponse> topics, bool incremental)
    {
        var kept = new List<FetchResponse.FetchableTopicResponse>(topics.Count);
        foreach (var topic in topics)
        {
            topic.Partitions.RemoveAll(p =>
                !session.Update(topic.Topic, p.PartitionIndex, p.Records is { Length: > 0 }, p.ErrorCode, p.HighWatermark, p.LastStableOffset, p.LogStartOffset)
                && incremental);
            if (topic.Partitions.Count > 0 || !incremental)
            {
                kept.Add(topic);
            }
        }

        return kept;
    }

    private async Task<(List<FetchResponse.FetchableTopicResponse> Topics, long Bytes, bool AnyError)> ReadAllAsync(List<FetchTarget> targets, int maxBytes, IsolationLevel isolation, List<FetchedRecords> fetched)
    {
        var topics = new List<FetchResponse.FetchableTopicResponse>();
        long total = 0;
        var anyError = false;
        var budget = maxBytes <= 0 ? int.MaxValue : maxBytes;
        FetchResponse.FetchableTopicResponse? topicResponse = null;
        foreach (var target in targets)
        {
            // Consecutive partitions of one topic share a topic entry, as in the request.
            if (topicResponse is null || topicResponse.Topic != target.Topic)
            {
                topicResponse = new FetchResponse.FetchableTopicResponse { Topic = target.Topic, TopicId = target.TopicId };
                topics.Add(topicResponse);
            }

            var partition = target;
            var data = new FetchResponse.PartitionData
            {
                PartitionIndex = partition.Partition,
                HighWatermark = -1,
                LastStableOffset = -1,
                LogStartOffset = -1,
                AbortedTransactions = isolation == IsolationLevel.ReadCommitted ? [] : null,
                Records = ReadOnlyMemory<byte>.Empty,
            };
            topicResponse.Partitions.Add(data);
            var remaining = budget - total;
            if (remaining <= 0 && total > 0)
            {
                // Out of response budget: report positions without data (the next fetch continues here).
                var offsets = await _grains.GetPartitionGrain(partition.Topic, partition.Partition).GetOffsetsAsync().ConfigureAwait(false);
                SetOffsets(data, offsets);
                continue;
            }

            var partitionMaxBytes = (int)Math.Min(Math.Max(1, partition.MaxBytes), Math.Max(1, remaining));
            using var read = await _grains.GetPartitionGrain(partition.Topic, partition.Partition)
                .ReadAsync(new PartitionReadRequest(partition.FetchOffset, partitionMaxBytes, isolation)).ConfigureAwait(false);
            data.ErrorCode = (short)read.ErrorCode;
            if (read.ErrorCode != KafkaErrorCode.None)
            {
                anyError = true;
            }

            SetOffsets(data, read.Offsets);
            if (read.Records is { Length: > 0 })
            {
                var records = new FetchedRecords(read.TakeRecords()!);
                fetched.Add(records);
                data.Records = records.Memory;
                total += records.Length;
            }
        }

        return (topics, total, anyError);
    }

    private static void SetOffsets(FetchResponse.PartitionData data, PartitionOffsets offsets)
    {
        data.HighWatermark = offsets.HighWatermark;
        data.LastStableOffset = offsets.LastStableOffset;
        data.LogStartOffset = offsets.LogStartOffset;
    }

    private static void ReleaseUnsent(List<FetchedRecords> fetched)
    {
        foreach (var records in fetched)
        {
            if (!records.IsClaimed)
            {
                ((IDisposable)records).Dispose();
            }
        }

        fetched.Clear();
    }
}
