// Copyright (c) Granary contributors. Licensed under the MIT License.
// Fetch (API key 1), versions 4-12.
//   v4+ isolation_level and last_stable_offset (read_committed reads up to the LastStableOffset, which equals the
//       HighWatermark until transactions exist; aborted_transactions is then an empty list).
//   v5+ log_start_offset; v7+ fetch sessions (KIP-227); v9+ current_leader_epoch (not checked: one silo, epoch 0);
//   v11+ rack_id and preferred_read_replica (-1); v12 flexible.
//   v13+ address topics by id: not offered yet (clients fall back to v12 by names).
//   v0-v3 would need message format v0/v1 conversion: not offered.
// Fetch sessions: this broker never creates a session. A full fetch asks for one with session_epoch 0; the answer
// carries session_id 0, which KIP-227 defines as "no session created", so the client keeps sending full fetches
// (librdkafka 2.0.2 and kafkajs 2.2.4 send session_id 0 / epoch -1 anyway). A request naming a session id gets
// FETCH_SESSION_ID_NOT_FOUND; epoch > 0 without a session INVALID_FETCH_SESSION_EPOCH.
// Long poll: when fewer than min_bytes are available the handler waits up to max_wait_ms, woken by HighWatermark
// advances of the requested partitions (no polling). partition_max_bytes and the response max_bytes bound the bytes,
// except that the first non-empty partition always returns at least one whole batch (as Kafka does, so a batch larger
// than the limits never blocks a consumer). Stored batches are sent as they are: never decompressed or re-encoded;
// each partition's bytes are copied once from the segment file into a pooled buffer and from there to the socket buffer.
using System.Buffers;
using Granary.Grains.Partitions;
using Granary.Protocol;
using Granary.Protocol.Messages;
using Granary.Protocol.Primitives;
using Granary.Runtime;
using Granary.Silo.Dispatch;
using Granary.Storage;

namespace Granary.Silo.Handlers;

public sealed class FetchHandler : IApiHandler
{
    private readonly IGrainFactory _grains;
    private readonly PartitionAppendSignal _signal;
    private readonly TimeProvider _time;

    public FetchHandler(IGrainFactory grains, PartitionAppendSignal signal, TimeProvider time)
    {
        _grains = grains;
        _signal = signal;
        _time = time;
    }

    public ApiKey ApiKey => ApiKey.Fetch;

    public short MinVersion => 4;

    public short MaxVersion => 12;

    public async ValueTask HandleAsync(ApiRequest request, ApiResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        var fetch = new FetchRequest();
        var reader = new KafkaReader(request.Body);
        fetch.Read(ref reader, request.ApiVersion);

        var result = new FetchResponse { SessionId = 0 };
        if (request.ApiVersion >= 7 && fetch.SessionId != 0)
        {
            result.ErrorCode = (short)KafkaErrorCode.FetchSessionIdNotFound;
            result.Write(response.Writer, response.Version);
            return;
        }

        if (request.ApiVersion >= 7 && fetch.SessionEpoch > 0)
        {
            result.ErrorCode = (short)KafkaErrorCode.InvalidFetchSessionEpoch;
            result.Write(response.Writer, response.Version);
            return;
        }

        var isolation = fetch.IsolationLevel == 1 ? IsolationLevel.ReadCommitted : IsolationLevel.ReadUncommitted;
        var deadline = _time.GetTimestamp() + (long)(Math.Max(0, fetch.MaxWaitMs) * (_time.TimestampFrequency / 1000.0));
        var rented = new List<byte[]>();
        try
        {
            while (true)
            {
                // Take the wake-up tasks before reading, so an append between the read and the wait still wakes us.
                var wakeups = new List<Task>();
                foreach (var topic in fetch.Topics)
                {
                    foreach (var partition in topic.Partitions)
                    {
                        wakeups.Add(_signal.WhenAdvancedAsync(new TopicPartition(topic.Topic, partition.Partition)));
                    }
                }

                var (responseData, bytes, anyError) = await ReadAllAsync(fetch, isolation, rented).ConfigureAwait(false);
                var remaining = _time.GetElapsedTime(_time.GetTimestamp(), deadline);
                if (bytes >= Math.Max(1, fetch.MinBytes) || anyError || remaining <= TimeSpan.Zero || wakeups.Count == 0)
                {
                    result.Responses = responseData;
                    result.Write(response.Writer, response.Version);
                    return;
                }

                ReturnAll(rented);
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
            ReturnAll(rented);
        }
    }

    private async Task<(List<FetchResponse.FetchableTopicResponse> Topics, long Bytes, bool AnyError)> ReadAllAsync(FetchRequest fetch, IsolationLevel isolation, List<byte[]> rented)
    {
        var topics = new List<FetchResponse.FetchableTopicResponse>(fetch.Topics.Count);
        long total = 0;
        var anyError = false;
        var budget = fetch.MaxBytes <= 0 ? int.MaxValue : fetch.MaxBytes;
        foreach (var topic in fetch.Topics)
        {
            var topicResponse = new FetchResponse.FetchableTopicResponse { Topic = topic.Topic, TopicId = topic.TopicId };
            topics.Add(topicResponse);
            foreach (var partition in topic.Partitions)
            {
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
                    var offsets = await _grains.GetPartitionGrain(topic.Topic, partition.Partition).GetOffsetsAsync().ConfigureAwait(false);
                    SetOffsets(data, offsets);
                    continue;
                }

                var maxBytes = (int)Math.Min(Math.Max(1, partition.PartitionMaxBytes), Math.Max(1, remaining));
                using var read = await _grains.GetPartitionGrain(topic.Topic, partition.Partition)
                    .ReadAsync(new PartitionReadRequest(partition.FetchOffset, maxBytes, isolation)).ConfigureAwait(false);
                data.ErrorCode = (short)read.ErrorCode;
                if (read.ErrorCode != KafkaErrorCode.None)
                {
                    anyError = true;
                }

                SetOffsets(data, read.Offsets);
                if (read.Records is { Length: > 0 } records)
                {
                    var buffer = ArrayPool<byte>.Shared.Rent(records.Length);
                    rented.Add(buffer);
                    try
                    {
                        records.CopyTo(buffer);
                    }
                    catch (LogException ex)
                    {
                        data.ErrorCode = (short)ex.ErrorCode;
                        anyError = true;
                        continue;
                    }

                    data.Records = buffer.AsMemory(0, records.Length);
                    total += records.Length;
                }
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

    private static void ReturnAll(List<byte[]> rented)
    {
        foreach (var buffer in rented)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        rented.Clear();
    }
}
