// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers.Binary;
using Granary.Protocol;
using Granary.Protocol.Records;

namespace Granary.Grains.Producers;

/// <summary>
/// Idempotent-producer state of one partition, following Kafka's ProducerStateManager: per producer id the epoch
/// and the last <see cref="ProducerEntry.MaxBatches"/> batches. A batch is checked (<see cref="Check"/>) before it is
/// appended and recorded (<see cref="Record"/>) only when it is appended, so a refused batch never changes the state
/// and a retry of an appended batch is always recognised as a duplicate.
/// </summary>
/// <remarks>Not thread-safe: the partition grain calls it from its exclusive turns.</remarks>
public sealed class ProducerStateManager
{
    /// <summary>The snapshot file in the partition directory.</summary>
    public const string SnapshotFileName = "producer-state.snapshot";

    private const int SnapshotMagic = 0x47505331; // "GPS1"
    private readonly Dictionary<long, ProducerEntry> _producers = [];

    public int Count => _producers.Count;

    /// <summary>Forgets every producer.</summary>
    public void Clear() => _producers.Clear();

    public ProducerEntry? Get(long producerId) => _producers.GetValueOrDefault(producerId);

    /// <summary>Checks a batch of producer <paramref name="producerId"/> against Kafka's sequence rules.</summary>
    public SequenceCheck Check(long producerId, short epoch, int firstSequence, int lastSequence)
    {
        if (producerId < 0)
        {
            return SequenceCheck.Append;
        }

        if (epoch < 0 || firstSequence < 0)
        {
            return new SequenceCheck(KafkaErrorCode.InvalidRecord, null, $"Producer {producerId} sent epoch {epoch} and sequence {firstSequence}; an idempotent batch needs both.");
        }

        if (!_producers.TryGetValue(producerId, out var entry))
        {
            // Kafka 2.x: a producer this partition has no state for must start at sequence 0.
            return firstSequence == 0
                ? SequenceCheck.Append
                : new SequenceCheck(KafkaErrorCode.UnknownProducerId, null, $"Producer {producerId} is unknown on this partition and sent sequence {firstSequence}.");
        }

        if (epoch < entry.Epoch)
        {
            return new SequenceCheck(KafkaErrorCode.InvalidProducerEpoch, null, $"Producer {producerId} epoch {epoch} is older than the current epoch {entry.Epoch}.");
        }

        if (epoch > entry.Epoch)
        {
            return firstSequence == 0
                ? SequenceCheck.Append
                : new SequenceCheck(KafkaErrorCode.OutOfOrderSequenceNumber, null, $"Producer {producerId} started epoch {epoch} at sequence {firstSequence}; a new epoch starts at 0.");
        }

        if (entry.FindDuplicate(firstSequence, lastSequence) is { } duplicate)
        {
            return new SequenceCheck(KafkaErrorCode.None, duplicate);
        }

        var last = entry.LastSequence;
        var expected = last == int.MaxValue ? 0 : last + 1;
        if (last >= 0 && firstSequence != expected || last < 0 && firstSequence != 0)
        {
            return new SequenceCheck(KafkaErrorCode.OutOfOrderSequenceNumber, null, $"Producer {producerId} epoch {epoch}: expected sequence {expected}, got {firstSequence}.");
        }

        return SequenceCheck.Append;
    }

    /// <summary>Records an appended batch.</summary>
    public void Record(long producerId, short epoch, int firstSequence, int lastSequence, long firstOffset, long lastOffset)
    {
        if (producerId < 0)
        {
            return;
        }

        if (!_producers.TryGetValue(producerId, out var entry))
        {
            entry = new ProducerEntry(producerId, epoch);
            _producers[producerId] = entry;
        }

        entry.Add(epoch, new ProducerBatch(firstSequence, lastSequence, firstOffset, lastOffset));
    }

    /// <summary>Replays one batch read back from the log (recovery after the snapshot offset).</summary>
    public void Replay(in RecordBatchHeader header)
    {
        if (header.ProducerId >= 0 && !header.IsControl && header.BaseSequence >= 0)
        {
            Record(header.ProducerId, header.ProducerEpoch, header.BaseSequence, header.LastSequence, header.BaseOffset, header.LastOffset);
        }
    }

    /// <summary>Writes the state as of <paramref name="offset"/> (the next offset of the log) atomically: temp file, fsync, rename.</summary>
    public void WriteSnapshot(string directory, long offset)
    {
        var size = 4 + 8 + 4;
        foreach (var entry in _producers.Values)
        {
            size += 8 + 2 + 4 + (entry.Batches.Count * 24);
        }

        var bytes = new byte[size + 4];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteInt32BigEndian(span, SnapshotMagic);
        BinaryPrimitives.WriteInt64BigEndian(span[4..], offset);
        BinaryPrimitives.WriteInt32BigEndian(span[12..], _producers.Count);
        var position = 16;
        foreach (var entry in _producers.Values)
        {
            BinaryPrimitives.WriteInt64BigEndian(span[position..], entry.ProducerId);
            BinaryPrimitives.WriteInt16BigEndian(span[(position + 8)..], entry.Epoch);
            BinaryPrimitives.WriteInt32BigEndian(span[(position + 10)..], entry.Batches.Count);
            position += 14;
            foreach (var batch in entry.Batches)
            {
                BinaryPrimitives.WriteInt32BigEndian(span[position..], batch.FirstSequence);
                BinaryPrimitives.WriteInt32BigEndian(span[(position + 4)..], batch.LastSequence);
                BinaryPrimitives.WriteInt64BigEndian(span[(position + 8)..], batch.FirstOffset);
                BinaryPrimitives.WriteInt64BigEndian(span[(position + 16)..], batch.LastOffset);
                position += 24;
            }
        }

        BinaryPrimitives.WriteUInt32BigEndian(span[position..], Crc32C.Compute(span[..position]));
        var path = Path.Combine(directory, SnapshotFileName);
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>
    /// Loads the snapshot in <paramref name="directory"/> into this (empty) manager and returns its offset, or -1 when
    /// there is none or it is damaged (then the caller replays the whole log).
    /// </summary>
    public long LoadSnapshot(string directory)
    {
        var path = Path.Combine(directory, SnapshotFileName);
        if (!File.Exists(path))
        {
            return -1;
        }

        var bytes = File.ReadAllBytes(path);
        _producers.Clear();
        if (!TryParse(bytes, out var offset))
        {
            _producers.Clear();
            return -1;
        }

        return offset;
    }

    /// <summary>Deletes the snapshot (once loaded it is stale as soon as the log moves on).</summary>
    public static void DeleteSnapshot(string directory)
    {
        var path = Path.Combine(directory, SnapshotFileName);
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    private bool TryParse(ReadOnlySpan<byte> span, out long offset)
    {
        offset = -1;
        if (span.Length < 20 || BinaryPrimitives.ReadInt32BigEndian(span) != SnapshotMagic)
        {
            return false;
        }

        var body = span[..^4];
        if (Crc32C.Compute(body) != BinaryPrimitives.ReadUInt32BigEndian(span[^4..]))
        {
            return false;
        }

        offset = BinaryPrimitives.ReadInt64BigEndian(body[4..]);
        var count = BinaryPrimitives.ReadInt32BigEndian(body[12..]);
        var position = 16;
        for (var i = 0; i < count; i++)
        {
            if (position + 14 > body.Length)
            {
                return false;
            }

            var producerId = BinaryPrimitives.ReadInt64BigEndian(body[position..]);
            var epoch = BinaryPrimitives.ReadInt16BigEndian(body[(position + 8)..]);
            var batches = BinaryPrimitives.ReadInt32BigEndian(body[(position + 10)..]);
            position += 14;
            if (batches < 0 || batches > ProducerEntry.MaxBatches || position + (batches * 24) > body.Length)
            {
                return false;
            }

            var entry = new ProducerEntry(producerId, epoch);
            for (var b = 0; b < batches; b++)
            {
                entry.Add(epoch, new ProducerBatch(
                    BinaryPrimitives.ReadInt32BigEndian(body[position..]),
                    BinaryPrimitives.ReadInt32BigEndian(body[(position + 4)..]),
                    BinaryPrimitives.ReadInt64BigEndian(body[(position + 8)..]),
                    BinaryPrimitives.ReadInt64BigEndian(body[(position + 16)..])));
                position += 24;
            }

            _producers[producerId] = entry;
        }

        return position == body.Length;
    }
}
