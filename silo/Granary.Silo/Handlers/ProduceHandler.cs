// Copyright (c) Granary contributors. Licensed under the MIT License.
// Produce (API key 0), versions 0-11.
//   v0-v2 carry legacy message sets (magic 0/1): each partition's set is converted to one uncompressed v2 batch with
//       LegacyMessageSet (CRCs checked, wrappers decompressed within the usual bound; a malformed set gets
//       CORRUPT_MESSAGE) and then appended like any other batch. Stored data is v2 only.
//   v3+ carry record batch v2 only (magic 2); a v0/v1 batch inside a v3+ request is refused with
//       UNSUPPORTED_FOR_MESSAGE_FORMAT. librdkafka 2.0.2 uses v7, kafkajs 2.2.4 v7, kafka-python 2.0.2 v7 (magic 2).
//   v5+ answer log_start_offset; v8+ record_errors (left empty: a batch is accepted or refused whole) and
//       error_message; v9+ flexible; v10-v11 add current_leader / node_endpoints tags, only filled for
//       NOT_LEADER_OR_FOLLOWER, which a single silo never returns.
// acks: 0 sends no response at all, 1 answers after the local append, -1 after the batch is durable (HighWatermark);
// a partition whose durability has not arrived within timeout_ms answers REQUEST_TIMED_OUT (the append itself is not
// undone, as in Kafka: a retry of an idempotent producer is then recognised as a duplicate).
// Any other acks value fails every partition with INVALID_REQUIRED_ACKS; a transactional id with
// TRANSACTIONAL_ID_AUTHORIZATION_FAILED (transactions are not supported yet). Each partition's batch goes to its
// partition grain (UNKNOWN_TOPIC_OR_PARTITION when the topic or partition is not in the cluster table); the grain
// validates it (CRC, sizes, timestamps, idempotent sequences) and every partition is answered with its own error.
using System.Runtime.InteropServices;
using Granary.Grains.Partitions;
using Granary.Protocol;
using Granary.Protocol.Messages;
using Granary.Protocol.Records;
using Granary.Runtime;
using Granary.Silo.Diagnostics;
using Granary.Silo.Dispatch;

namespace Granary.Silo.Handlers;

public sealed class ProduceHandler : ApiHandler<ProduceRequest, ProduceResponse>
{
    private readonly IGrainFactory _grains;
    private readonly TimeProvider _time;
    private readonly SiloMetrics? _metrics;

    public ProduceHandler(IGrainFactory grains, TimeProvider time, SiloMetrics? metrics = null)
    {
        _grains = grains;
        _time = time;
        _metrics = metrics;
    }

    public override ApiKey ApiKey => ApiKey.Produce;

    public override short MinVersion => 0;

    public override short MaxVersion => 11;

    protected override async ValueTask<ProduceResponse?> HandleAsync(ProduceRequest request, ApiRequest context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var started = _time.GetTimestamp();
        var acks = request.Acks;
        KafkaErrorCode? requestError = acks is not (0 or 1 or -1)
            ? KafkaErrorCode.InvalidRequiredAcks
            : !string.IsNullOrEmpty(request.TransactionalId) ? KafkaErrorCode.TransactionalIdAuthorizationFailed : null;

        // Start every partition's append before awaiting any: the appends of one request run in parallel and each
        // grain receives them in request order.
        var pending = new List<(ProduceResponse.PartitionProduceResponse Response, ValueTask<PartitionAppend> Append)>();
        var response = new ProduceResponse();
        var counts = new Dictionary<ProduceResponse.PartitionProduceResponse, long>(ReferenceEqualityComparer.Instance);
        foreach (var topic in request.TopicData)
        {
            var topicResponse = new ProduceResponse.TopicProduceResponse { Name = topic.Name };
            response.Responses.Add(topicResponse);
            foreach (var partition in topic.PartitionData)
            {
                var partitionResponse = new ProduceResponse.PartitionProduceResponse { Index = partition.Index, BaseOffset = -1 };
                topicResponse.PartitionResponses.Add(partitionResponse);
                if (requestError is { } error)
                {
                    partitionResponse.ErrorCode = (short)error;
                    continue;
                }

                if (partition.Records is not { Length: > 0 } records)
                {
                    partitionResponse.ErrorCode = (short)KafkaErrorCode.InvalidRecord;
                    partitionResponse.ErrorMessage = context.ApiVersion >= 8 ? "No records for this partition." : null;
                    continue;
                }

                // No copy for v3+: the records are a slice of the request frame, which the connection owns until
                // this method returns, and this method returns only once every append it started has completed
                // (below), so the log may patch offsets into the frame and write from it. The frame is then returned
                // to its pool. Legacy message sets (v0-v2) are converted into a new v2 batch instead.
                Memory<byte> owned;
                if (context.ApiVersion <= 2)
                {
                    try
                    {
                        owned = LegacyMessageSet.ConvertToV2(records.Span);
                    }
                    catch (ProtocolException ex)
                    {
                        partitionResponse.ErrorCode = (short)ex.ErrorCode;
                        continue;
                    }
                }
                else
                {
                    owned = MemoryMarshal.AsMemory(records);
                }

                if (_metrics is not null)
                {
                    counts[partitionResponse] = SiloMetrics.CountRecords(owned.Span);
                }

                var grain = _grains.GetPartitionGrain(topic.Name, partition.Index);
                pending.Add((partitionResponse, grain.InvokeAsync((owned, acks), static (g, a) => g.BeginAppendAsync(a.owned, a.acks))));
            }
        }

        var completions = new List<(ProduceResponse.PartitionProduceResponse Response, PartitionAppend Append)>(pending.Count);
        var consumed = 0;
        try
        {
            foreach (var (partitionResponse, append) in pending)
            {
                consumed++;
                try
                {
                    completions.Add((partitionResponse, await append.ConfigureAwait(false)));
                }
                catch (GrainRuntimeStoppedException)
                {
                    partitionResponse.ErrorCode = (short)KafkaErrorCode.NotLeaderOrFollower;
                }
            }
        }
        finally
        {
            // Whatever failed, no append may outlive the frame it writes from: wait until the log has written every
            // one that started (with acks=0 too, which also bounds a connection's unacknowledged bytes by
            // queued.max.requests). Durability for acks=all is awaited below, within timeout_ms.
            await WaitAllAsync(pending, consumed, completions).ConfigureAwait(false);
        }

        if (acks == 0)
        {
            if (_metrics is { } metrics)
            {
                foreach (var (partitionResponse, append) in completions)
                {
                    var count = counts.GetValueOrDefault(partitionResponse);
                    _ = append.Completion.ContinueWith(
                        t =>
                        {
                            if (t.IsCompletedSuccessfully && t.Result.ErrorCode == KafkaErrorCode.None)
                            {
                                metrics.MessagesIn(count);
                            }
                        },
                        CancellationToken.None,
                        TaskContinuationOptions.ExecuteSynchronously,
                        TaskScheduler.Default);
                }
            }

            return null;
        }

        var timeout = TimeSpan.FromMilliseconds(Math.Max(0, request.TimeoutMs));
        foreach (var (partitionResponse, append) in completions)
        {
            PartitionAppendResult result;
            try
            {
                // acks=1 completes at the local append; only acks=all waits for durability and so for timeout_ms.
                var left = acks == -1 ? timeout - _time.GetElapsedTime(started) : Timeout.InfiniteTimeSpan;
                result = acks == -1
                    ? await append.Completion.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, _time, CancellationToken.None).ConfigureAwait(false)
                    : await append.Completion.ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                partitionResponse.ErrorCode = (short)KafkaErrorCode.RequestTimedOut;
                if (context.ApiVersion >= 8)
                {
                    partitionResponse.ErrorMessage = $"The batch was not durable within timeout_ms ({request.TimeoutMs} ms).";
                }

                continue;
            }

            partitionResponse.ErrorCode = (short)result.ErrorCode;
            partitionResponse.BaseOffset = result.BaseOffset;
            partitionResponse.LogAppendTimeMs = result.LogAppendTime;
            partitionResponse.LogStartOffset = result.LogStartOffset;
            if (context.ApiVersion >= 8)
            {
                partitionResponse.ErrorMessage = result.ErrorMessage;
            }
        }

        if (_metrics is not null)
        {
            foreach (var (partitionResponse, _) in completions)
            {
                if (partitionResponse.ErrorCode == 0)
                {
                    _metrics.MessagesIn(counts.GetValueOrDefault(partitionResponse));
                }
            }
        }

        return response;
    }

    private static async Task WaitAllAsync(
        List<(ProduceResponse.PartitionProduceResponse Response, ValueTask<PartitionAppend> Append)> pending,
        int consumed,
        List<(ProduceResponse.PartitionProduceResponse Response, PartitionAppend Append)> completions)
    {
        for (var i = consumed; i < pending.Count; i++)
        {
            // Appends after the one that threw: their grain calls may have started an append.
            try
            {
                completions.Add((pending[i].Response, await pending[i].Append.ConfigureAwait(false)));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Not started, or failed before the log took the records.
            }
        }

        foreach (var (_, append) in completions)
        {
            try
            {
                await append.Written.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Reported by the caller's own await; here only the wait matters.
            }
        }
    }
}
