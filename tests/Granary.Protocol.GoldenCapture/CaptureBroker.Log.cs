// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol.Messages;
using Granary.Protocol.Records;

namespace Granary.Protocol.GoldenCapture;

internal sealed partial class CaptureBroker
{
    // One partition log per topic: the produced batches with their offsets assigned, in order.
    private readonly Dictionary<string, List<byte[]>> logs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> logEndOffsets = new(StringComparer.Ordinal);

    private ProduceResponse? AnswerProduce(ProduceRequest request, out string? label)
    {
        label = null;
        var response = new ProduceResponse();
        foreach (var topic in request.TopicData)
        {
            var answer = new ProduceResponse.TopicProduceResponse { Name = topic.Name };
            foreach (var partition in topic.PartitionData)
            {
                var records = partition.Records ?? default;
                label ??= BatchLabel(records.Span);
                answer.PartitionResponses.Add(new ProduceResponse.PartitionProduceResponse
                {
                    Index = partition.Index,
                    BaseOffset = Append(topic.Name, records.Span),
                    LogStartOffset = 0,
                });
            }

            response.Responses.Add(answer);
        }

        return request.Acks == 0 ? null : response;
    }

    private static string? BatchLabel(ReadOnlySpan<byte> records)
    {
        if (records.Length < RecordBatchHeader.Size)
        {
            return null;
        }

        var header = RecordBatchHeader.Read(records);
        var codec = header.Compression switch
        {
            CompressionType.None => "none",
            CompressionType.Gzip => "gzip",
            CompressionType.Snappy => "snappy",
            CompressionType.Lz4 => "lz4",
            CompressionType.Zstd => "zstd",
            var other => $"codec{(int)other}",
        };
        return header.ProducerId >= 0 ? $"{codec}-idempotent" : codec;
    }

    /// <summary>Appends each batch with its base offset assigned, as a broker does; returns the first base offset.</summary>
    private long Append(string topic, ReadOnlySpan<byte> records)
    {
        lock (gate)
        {
            topics.Add(topic);
            if (!logs.TryGetValue(topic, out var log))
            {
                log = [];
                logs[topic] = log;
            }

            var first = logEndOffsets.GetValueOrDefault(topic);
            var next = first;
            var batches = new RecordBatchEnumerator(records);
            while (batches.MoveNext())
            {
                var batch = batches.Current.Bytes.ToArray();
                RecordBatchHeader.PatchBaseOffset(batch, next);
                log.Add(batch);
                next += batches.Current.Header.LastOffsetDelta + 1;
            }

            logEndOffsets[topic] = next;
            return first;
        }
    }

    private ListOffsetsResponse AnswerListOffsets(ListOffsetsRequest request, short version)
    {
        var response = new ListOffsetsResponse();
        lock (gate)
        {
            foreach (var topic in request.Topics)
            {
                var answer = new ListOffsetsResponse.ListOffsetsTopicResponse { Name = topic.Name };
                foreach (var partition in topic.Partitions)
                {
                    // -1 asks for the log end, -2 for the log start; any other time maps to the start.
                    var offset = partition.Timestamp == -1 ? logEndOffsets.GetValueOrDefault(topic.Name) : 0;
                    answer.Partitions.Add(new ListOffsetsResponse.ListOffsetsPartitionResponse
                    {
                        PartitionIndex = partition.PartitionIndex,
                        OldStyleOffsets = version == 0 ? [offset] : [],
                        Offset = version == 0 ? -1 : offset,
                    });
                }

                response.Topics.Add(answer);
            }
        }

        return response;
    }

    private async Task<FetchResponse> AnswerFetchAsync(FetchRequest request, CancellationToken cancellationToken)
    {
        var response = new FetchResponse();
        var any = false;
        lock (gate)
        {
            foreach (var topic in request.Topics)
            {
                var answer = new FetchResponse.FetchableTopicResponse { Topic = topic.Topic };
                var highWatermark = logEndOffsets.GetValueOrDefault(topic.Topic);
                foreach (var partition in topic.Partitions)
                {
                    byte[] records = logs.TryGetValue(topic.Topic, out var log)
                        ? [.. log.Where(batch => RecordBatchHeader.Read(batch).NextOffset > partition.FetchOffset).SelectMany(batch => batch)]
                        : [];
                    any |= records.Length > 0;
                    answer.Partitions.Add(new FetchResponse.PartitionData
                    {
                        PartitionIndex = partition.Partition,
                        HighWatermark = highWatermark,
                        LastStableOffset = highWatermark,
                        LogStartOffset = 0,
                        AbortedTransactions = null,
                        Records = records,
                    });
                }

                response.Responses.Add(answer);
            }
        }

        if (!any)
        {
            // Long-poll like a broker, but briefly: nothing more will arrive while a capture runs.
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Clamp(request.MaxWaitMs, 0, 200)), cancellationToken);
        }

        return response;
    }
}
