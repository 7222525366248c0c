// Copyright (c) Granary contributors. Licensed under the MIT License.
// Produce (API key 0), versions 3-11.
//   v3+ carry record batch v2 only (magic 2); v0-v2 (message sets v0/v1) are not offered, and a v0/v1 batch inside a
//       v3+ request is refused with UNSUPPORTED_FOR_MESSAGE_FORMAT. librdkafka 2.0.2 uses v7, kafkajs 2.2.4 v7,
//       kafka-python 2.0.2 v7 (with magic 2).
//   v5+ answer log_start_offset; v8+ record_errors (left empty: a batch is accepted or refused whole) and
//       error_message; v9+ flexible; v10-v11 add current_leader / node_endpoints tags, only filled for
//       NOT_LEADER_OR_FOLLOWER, which a single silo never returns.
// acks: 0 sends no response at all, 1 answers after the local append, -1 after the batch is durable (HighWatermark).
// Any other acks value fails every partition with INVALID_REQUIRED_ACKS; a transactional id with
// TRANSACTIONAL_ID_AUTHORIZATION_FAILED (transactions are not supported yet). Each partition's batch goes to its
// partition grain (UNKNOWN_TOPIC_OR_PARTITION when the topic or partition is not in the cluster table); the grain
// validates it (CRC, sizes, timestamps, idempotent sequences) and every partition is answered with its own error.
using System.Runtime.InteropServices;
using Granary.Grains.Partitions;
using Granary.Protocol;
using Granary.Protocol.Messages;
using Granary.Runtime;
using Granary.Silo.Dispatch;

namespace Granary.Silo.Handlers;

public sealed class ProduceHandler : ApiHandler<ProduceRequest, ProduceResponse>
{
    private readonly IGrainFactory _grains;

    public ProduceHandler(IGrainFactory grains) => _grains = grains;

    public override ApiKey ApiKey => ApiKey.Produce;

    public override short MinVersion => 3;

    public override short MaxVersion => 11;

    protected override async ValueTask<ProduceResponse?> HandleAsync(ProduceRequest request, ApiRequest context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var acks = request.Acks;
        KafkaErrorCode? requestError = acks is not (0 or 1 or -1)
            ? KafkaErrorCode.InvalidRequiredAcks
            : !string.IsNullOrEmpty(request.TransactionalId) ? KafkaErrorCode.TransactionalIdAuthorizationFailed : null;

        // Start every partition's append before awaiting any: the appends of one request run in parallel and each
        // grain receives them in request order.
        var pending = new List<(ProduceResponse.PartitionProduceResponse Response, ValueTask<Task<PartitionAppendResult>> Append)>();
        var response = new ProduceResponse();
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

                // No copy: the records are a slice of the request frame, which the connection owns until this method
                // returns, and this method returns only once every append it started has completed (below), so the log
                // may patch offsets into the frame and write from it. The frame is then returned to its pool.
                var owned = MemoryMarshal.AsMemory(records);
                var grain = _grains.GetPartitionGrain(topic.Name, partition.Index);
                pending.Add((partitionResponse, grain.InvokeAsync((owned, acks), static (g, a) => g.BeginAppendAsync(a.owned, a.acks))));
            }
        }

        var completions = new List<(ProduceResponse.PartitionProduceResponse Response, Task<PartitionAppendResult> Completion)>(pending.Count);
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
            // Whatever failed, no append may outlive the frame it writes from: wait for every one that started
            // (with acks=0 too, which also bounds a connection's unacknowledged bytes by queued.max.requests).
            await WaitAllAsync(pending, consumed, completions).ConfigureAwait(false);
        }

        if (acks == 0)
        {
            return null;
        }

        foreach (var (partitionResponse, completion) in completions)
        {
            var result = await completion.ConfigureAwait(false);
            partitionResponse.ErrorCode = (short)result.ErrorCode;
            partitionResponse.BaseOffset = result.BaseOffset;
            partitionResponse.LogAppendTimeMs = result.LogAppendTime;
            partitionResponse.LogStartOffset = result.LogStartOffset;
            if (context.ApiVersion >= 8)
            {
                partitionResponse.ErrorMessage = result.ErrorMessage;
            }
        }

        return response;
    }

    private static async Task WaitAllAsync(
        List<(ProduceResponse.PartitionProduceResponse Response, ValueTask<Task<PartitionAppendResult>> Append)> pending,
        int consumed,
        List<(ProduceResponse.PartitionProduceResponse Response, Task<PartitionAppendResult> Completion)> completions)
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

        foreach (var (_, completion) in completions)
        {
            try
            {
                await completion.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Reported by the caller's own await; here only the wait matters.
            }
        }
    }
}
