// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol.Records;

namespace Granary.Protocol.GoldenCapture;

internal sealed partial class CaptureBroker
{
    // One partition log per topic: the produced batches with their offsets assigned, in order.
    private readonly Dictionary<string, List<byte[]>> logs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> logEndOffsets = new(StringComparer.Ordinal);

    private byte[]? AnswerProduce(RequestContext context, ReadOnlySpan<byte> body, out string? label)
    {
        label = null;
        var v = context.Version;
        var reader = new WireReader(body, context.Flexible);
        if (v >= 3)
        {
            reader.ReadString();
        }

        var acks = reader.ReadInt16();
        reader.ReadInt32();
        var results = new List<(string Topic, int Partition, long BaseOffset)>();
        var topicCount = reader.ReadArrayLength();
        for (var t = 0; t < topicCount; t++)
        {
            var topic = reader.ReadString() ?? string.Empty;
            var partitionCount = reader.ReadArrayLength();
            for (var p = 0; p < partitionCount; p++)
            {
                var partition = reader.ReadInt32();
                var records = reader.ReadBytes();
                label ??= BatchLabel(records);
                results.Add((topic, partition, Append(topic, records)));
                reader.SkipTaggedFields();
            }

            reader.SkipTaggedFields();
        }

        if (acks == 0)
        {
            return null;
        }

        var writer = context.BeginResponse();
        writer.ArrayLength(results.Count);
        foreach (var (topic, partition, baseOffset) in results)
        {
            writer.String(topic).ArrayLength(1).Int32(partition).Int16(0).Int64(baseOffset);
            if (v >= 2)
            {
                writer.Int64(-1);
            }

            if (v >= 5)
            {
                writer.Int64(0);
            }

            if (v >= 8)
            {
                writer.ArrayLength(0).String(null);
            }

            writer.Tags().Tags();
        }

        if (v >= 1)
        {
            writer.Int32(0);
        }

        return writer.Tags().ToFrame();
    }

    private static string? BatchLabel(ReadOnlySpan<byte> records)
    {
        if (records.Length < RecordBatchHeader.Size)
        {
            return null;
        }

        var header = RecordBatchHeader.Read(records);
        var codec = CodecName(header.Compression);
        return header.ProducerId >= 0 ? $"{codec}-idempotent" : codec;
    }

    private static string CodecName(CompressionType compression) =>
        compression switch
        {
            CompressionType.None => "none",
            CompressionType.Gzip => "gzip",
            CompressionType.Snappy => "snappy",
            CompressionType.Lz4 => "lz4",
            CompressionType.Zstd => "zstd",
            var other => $"codec{(int)other}",
        };

    /// <summary>Appends each batch with its base offset assigned, as a broker does; returns the first base offset.</summary>
    private long Append(string topic, ReadOnlySpan<byte> records)
    {
        lock (gate)
        {
            topics.Add(topic);
            var log = LogOf(topic);
            var first = logEndOffsets.GetValueOrDefault(topic);
            var next = first;
            while (records.Length >= RecordBatchHeader.Size)
            {
                var header = RecordBatchHeader.Read(records);
                var batch = records[..header.TotalSize].ToArray();
                RecordBatchHeader.PatchBaseOffset(batch, next);
                log.Add(batch);
                next += header.LastOffsetDelta + 1;
                records = records[header.TotalSize..];
            }

            logEndOffsets[topic] = next;
            return first;
        }
    }

    private List<byte[]> LogOf(string topic)
    {
        if (!logs.TryGetValue(topic, out var log))
        {
            log = [];
            logs[topic] = log;
        }

        return log;
    }

    private byte[] AnswerListOffsets(RequestContext context, ReadOnlySpan<byte> body)
    {
        var v = context.Version;
        var reader = new WireReader(body, context.Flexible);
        reader.ReadInt32();
        if (v >= 2)
        {
            reader.ReadInt8();
        }

        var writer = context.BeginResponse();
        if (v >= 2)
        {
            writer.Int32(0);
        }

        var topicCount = reader.ReadArrayLength();
        writer.ArrayLength(topicCount);
        for (var t = 0; t < topicCount; t++)
        {
            var topic = reader.ReadString() ?? string.Empty;
            writer.String(topic);
            var partitionCount = reader.ReadArrayLength();
            writer.ArrayLength(partitionCount);
            for (var p = 0; p < partitionCount; p++)
            {
                var partition = reader.ReadInt32();
                if (v >= 4)
                {
                    reader.ReadInt32();
                }

                var timestamp = reader.ReadInt64();
                if (v == 0)
                {
                    reader.ReadInt32();
                }

                reader.SkipTaggedFields();
                long offset;
                lock (gate)
                {
                    // -1 asks for the log end, -2 for the log start; any other time maps to the start.
                    offset = timestamp == -1 ? logEndOffsets.GetValueOrDefault(topic) : 0;
                }

                writer.Int32(partition).Int16(0);
                if (v == 0)
                {
                    writer.ArrayLength(1).Int64(offset);
                }
                else
                {
                    writer.Int64(-1).Int64(offset);
                }

                if (v >= 4)
                {
                    writer.Int32(-1);
                }

                writer.Tags();
            }

            reader.SkipTaggedFields();
            writer.Tags();
        }

        return writer.Tags().ToFrame();
    }

    private async Task<byte[]> AnswerFetchAsync(RequestContext context, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var request = ReadFetch(context, body.Span);
        var v = context.Version;
        var answers = new List<(string Topic, int Partition, long HighWatermark, byte[] Records)>();
        lock (gate)
        {
            foreach (var (topic, partition, fetchOffset) in request.Partitions)
            {
                var highWatermark = logEndOffsets.GetValueOrDefault(topic);
                var batches = logs.TryGetValue(topic, out var log)
                    ? log.Where(batch => RecordBatchHeader.Read(batch).NextOffset > fetchOffset).SelectMany(batch => batch).ToArray()
                    : [];
                answers.Add((topic, partition, highWatermark, batches));
            }
        }

        if (answers.All(answer => answer.Records.Length == 0))
        {
            // Long-poll like a broker, but briefly: nothing more will arrive while a capture runs.
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Clamp(request.MaxWaitMs, 0, 200)), cancellationToken);
        }

        var writer = context.BeginResponse();
        if (v >= 1)
        {
            writer.Int32(0);
        }

        if (v >= 7)
        {
            writer.Int16(0).Int32(0);
        }

        var byTopic = answers.GroupBy(answer => answer.Topic).ToList();
        writer.ArrayLength(byTopic.Count);
        foreach (var group in byTopic)
        {
            writer.String(group.Key).ArrayLength(group.Count());
            foreach (var answer in group)
            {
                writer.Int32(answer.Partition).Int16(0).Int64(answer.HighWatermark);
                if (v >= 4)
                {
                    writer.Int64(answer.HighWatermark);
                }

                if (v >= 5)
                {
                    writer.Int64(0);
                }

                if (v >= 4)
                {
                    writer.ArrayLength(-1);
                }

                if (v >= 11)
                {
                    writer.Int32(-1);
                }

                writer.Bytes(answer.Records).Tags();
            }

            writer.Tags();
        }

        var frame = writer.Tags().ToFrame();
        if (answers.Any(answer => answer.Records.Length > 0))
        {
            store.TrySave("FetchResponse", v, null, frame.AsSpan(4));
        }

        return frame;
    }

    private static FetchRequestSummary ReadFetch(RequestContext context, ReadOnlySpan<byte> body)
    {
        var v = context.Version;
        var reader = new WireReader(body, context.Flexible);
        reader.ReadInt32();
        var maxWaitMs = reader.ReadInt32();
        reader.ReadInt32();
        if (v >= 3)
        {
            reader.ReadInt32();
        }

        if (v >= 4)
        {
            reader.ReadInt8();
        }

        if (v >= 7)
        {
            reader.ReadInt32();
            reader.ReadInt32();
        }

        var partitions = new List<(string, int, long)>();
        var topicCount = reader.ReadArrayLength();
        for (var t = 0; t < topicCount; t++)
        {
            var topic = reader.ReadString() ?? string.Empty;
            var partitionCount = reader.ReadArrayLength();
            for (var p = 0; p < partitionCount; p++)
            {
                var partition = reader.ReadInt32();
                if (v >= 9)
                {
                    reader.ReadInt32();
                }

                var fetchOffset = reader.ReadInt64();
                if (v >= 12)
                {
                    reader.ReadInt32();
                }

                if (v >= 5)
                {
                    reader.ReadInt64();
                }

                reader.ReadInt32();
                reader.SkipTaggedFields();
                partitions.Add((topic, partition, fetchOffset));
            }

            reader.SkipTaggedFields();
        }

        return new FetchRequestSummary(maxWaitMs, partitions);
    }
}
