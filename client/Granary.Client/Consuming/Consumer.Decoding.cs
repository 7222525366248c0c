// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol;
using Granary.Protocol.Records;
using ProtocolCompressionType = Granary.Protocol.Records.CompressionType;
using ProtocolTimestampType = Granary.Protocol.Records.TimestampType;

namespace Granary.Client.Consuming;

/// <summary>
/// Decodes prefetched batches on the Consume thread, a batch (at most <see cref="RecordsPerStep"/> of its records when it
/// is uncompressed) per step: records are read in place from the Fetch
/// response (or from a pooled buffer when compressed); only the key and value the deserializers make, the result and
/// the message are allocated per record.
/// </summary>
internal sealed partial class Consumer<TKey, TValue>
{
    /// <summary>
    /// Records decoded per step of an uncompressed batch: a step's results (a few KB) are returned long before a GC
    /// could promote them, and the first record of a 1 MB batch is returned after 64 decodes rather than ~8,000.
    /// </summary>
    internal const int RecordsPerStep = 64;

    private void DecodeNextBatch(FetchedChunk chunk)
    {
        var rest = chunk.Records.Span[chunk.Position..];
        try
        {
            if (chunk.InBatch is { } resumeAt)
            {
                if (DecodeBatch(chunk, rest[..chunk.BatchLength], resumeAt))
                {
                    chunk.Position += chunk.BatchLength;
                }

                return;
            }

            var batches = new RecordBatchEnumerator(rest, verifyCrc: _settings.CheckCrcs);
            if (!batches.MoveNext())
            {
                chunk.Position = chunk.Records.Length;
                return;
            }

            var entry = batches.Current;
            if (entry.IsLegacy)
            {
                // Message format v0/v1 (an old producer's data): convert to a v2 batch, then decode it the same way,
                // whole (the converted copy lives for this step only).
                chunk.Position += batches.Consumed;
                var converted = LegacyMessageSet.ConvertToV2(entry.Bytes);
                var inner = new RecordBatchEnumerator(converted, verifyCrc: false);
                while (inner.MoveNext())
                {
                    DecodeBatch(chunk, inner.Current.Bytes, null, resumable: false);
                }
            }
            else if (DecodeBatch(chunk, entry.Bytes, null))
            {
                chunk.Position += batches.Consumed;
            }
            else
            {
                chunk.BatchLength = batches.Consumed;
            }
        }
        catch (ProtocolException ex)
        {
            chunk.Position = chunk.Records.Length;
            chunk.InBatch = null;
            _decoded.Enqueue(new Decoded(chunk.State, chunk.Version, chunk.StartOffset, null, null, new ConsumeException(
                new ConsumeResult<byte[], byte[]> { TopicPartitionOffset = new TopicPartitionOffset(chunk.State.TopicPartition, chunk.StartOffset) },
                new Error(ErrorCode.Local_BadMsg, $"Corrupt record batch from {chunk.State.TopicPartition}: {ex.Message}"),
                ex)));
        }
    }

    /// <summary>
    /// Decodes the batch from its start (<paramref name="resumeAt"/> null) or from where an earlier step stopped. An
    /// uncompressed batch stops after <see cref="RecordsPerStep"/> records, leaving its position in
    /// <see cref="FetchedChunk.InBatch"/>; a compressed one is decoded whole, since its decompressed copy is not kept
    /// between steps.
    /// </summary>
    /// <returns>True when the whole batch is decoded.</returns>
    private bool DecodeBatch(FetchedChunk chunk, ReadOnlySpan<byte> batch, RecordEnumeratorPosition? resumeAt, bool resumable = true)
    {
        var validation = RecordBatchHeader.TryRead(batch, out var header, verifyCrc: false);
        if (validation != RecordBatchValidation.Valid)
        {
            throw RecordBatchReader.ToException(validation, batch);
        }

        var state = chunk.State;
        int? epoch = header.PartitionLeaderEpoch >= 0 ? header.PartitionLeaderEpoch : null;
        if (resumeAt is null)
        {
            if (chunk.Aborted is { } aborted)
            {
                while (aborted.TryPeek(out var next) && next.FirstOffset <= header.LastOffset)
                {
                    (chunk.AbortedProducers ??= []).Add(aborted.Dequeue().ProducerId);
                }
            }

            if (header.IsControl)
            {
                if (header.IsTransactional && chunk.AbortedProducers?.Contains(header.ProducerId) == true)
                {
                    using var control = RecordBatchReader.Open(batch, verifyCrc: false);
                    foreach (var record in control)
                    {
                        if (EndTransactionMarker.ReadType(record.Key) == ControlRecordType.Abort)
                        {
                            chunk.AbortedProducers.Remove(header.ProducerId);
                        }

                        break;
                    }
                }

                Skip(chunk, header.NextOffset, epoch);
                return true;
            }

            if ((header.IsTransactional && chunk.AbortedProducers?.Contains(header.ProducerId) == true) || header.LastOffset < chunk.StartOffset)
            {
                Skip(chunk, header.NextOffset, epoch);
                return true;
            }
        }

        var timestampType = header.TimestampType == ProtocolTimestampType.LogAppendTime ? TimestampType.LogAppendTime : TimestampType.CreateTime;
        var topic = state.TopicPartition.Topic;
        var partition = state.TopicPartition.Partition;
        var budget = resumable && header.Compression == ProtocolCompressionType.None ? RecordsPerStep : int.MaxValue;

        // The CRC covers the whole batch: it is checked when the batch is first opened, not again at each resumption.
        using var reader = RecordBatchReader.Open(batch, verifyCrc: resumeAt is null && _settings.CheckCrcs);
        var records = resumeAt is { } position ? reader.GetEnumerator(position) : reader.GetEnumerator();
        while (records.MoveNext())
        {
            var record = records.Current;
            if (record.Offset >= chunk.StartOffset)
            {
                DecodeRecord(chunk, in record, epoch, timestampType, topic, partition);
            }

            if (--budget == 0 && records.Index < header.RecordCount)
            {
                chunk.InBatch = records.Position;
                return false;
            }
        }

        // Compaction can leave the batch's last offsets empty; the position still moves past the whole batch.
        chunk.InBatch = null;
        Skip(chunk, header.NextOffset, epoch);
        return true;
    }

    private void DecodeRecord(FetchedChunk chunk, in Record record, int? epoch, TimestampType timestampType, string topic, Partition partition)
    {
        Headers? headers = null;
        if (record.HeaderCount > 0 || _settings.ResultHeaders)
        {
            headers = [];
            foreach (var h in record.Headers)
            {
                headers.Add(h.GetKeyString(), h.IsValueNull ? null : h.Value.ToArray());
            }
        }

        var timestamp = _settings.ResultTimestamp ? new Timestamp(record.Timestamp, timestampType) : Timestamp.Default;
        TKey key;
        TValue value;
        try
        {
            key = DeserializeKey(record.Key, record.IsKeyNull, new SerializationContext(MessageComponentType.Key, topic, headers));
        }
        catch (Exception ex)
        {
            _decoded.Enqueue(DeserializationFailed(chunk, record, headers, timestamp, epoch, ErrorCode.Local_KeyDeserialization, ex));
            return;
        }

        try
        {
            value = DeserializeValue(record.Value, record.IsValueNull, new SerializationContext(MessageComponentType.Value, topic, headers));
        }
        catch (Exception ex)
        {
            _decoded.Enqueue(DeserializationFailed(chunk, record, headers, timestamp, epoch, ErrorCode.Local_ValueDeserialization, ex));
            return;
        }

        var result = new ConsumeResult<TKey, TValue>
        {
            Topic = topic,
            Partition = partition,
            Offset = record.Offset,
            LeaderEpoch = epoch,
            Message = new Message<TKey, TValue> { Key = key, Value = value, Timestamp = timestamp, Headers = headers },
        };
        _decoded.Enqueue(new Decoded(chunk.State, chunk.Version, record.Offset + 1, epoch, result, null));
    }

    private void Skip(FetchedChunk chunk, long next, int? epoch) => _decoded.Enqueue(new Decoded(chunk.State, chunk.Version, next, epoch, null, null));

    private Decoded DeserializationFailed(FetchedChunk chunk, in Record record, Headers? headers, Timestamp timestamp, int? epoch, ErrorCode code, Exception ex)
    {
        var raw = new ConsumeResult<byte[], byte[]>
        {
            Topic = chunk.State.TopicPartition.Topic,
            Partition = chunk.State.TopicPartition.Partition,
            Offset = record.Offset,
            LeaderEpoch = epoch,
            Message = new Message<byte[], byte[]>
            {
                Key = record.IsKeyNull ? null! : record.Key.ToArray(),
                Value = record.IsValueNull ? null! : record.Value.ToArray(),
                Timestamp = timestamp,
                Headers = headers,
            },
        };
        var error = new Error(code, ex.Message);
        return new Decoded(chunk.State, chunk.Version, record.Offset + 1, epoch, null, new ConsumeException(raw, error, ex));
    }

    private TKey DeserializeKey(ReadOnlySpan<byte> data, bool isNull, SerializationContext context) =>
        _keyDeserializer is not null
            ? _keyDeserializer.Deserialize(data, isNull, context)
            : _asyncKeyDeserializer!.DeserializeAsync(isNull ? ReadOnlyMemory<byte>.Empty : data.ToArray(), isNull, context).GetAwaiter().GetResult();

    private TValue DeserializeValue(ReadOnlySpan<byte> data, bool isNull, SerializationContext context) =>
        _valueDeserializer is not null
            ? _valueDeserializer.Deserialize(data, isNull, context)
            : _asyncValueDeserializer!.DeserializeAsync(isNull ? ReadOnlyMemory<byte>.Empty : data.ToArray(), isNull, context).GetAwaiter().GetResult();

    /// <summary>One decoded step: a record to return, a deserialization error to throw, or just a position to pass.</summary>
    private readonly record struct Decoded(PartitionState State, int Version, long NextOffset, int? LeaderEpoch, ConsumeResult<TKey, TValue>? Result, ConsumeException? Error);
}
