// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Grains.Producers;

/// <summary>The state of one producer id on one partition: its epoch and its last appended batches (newest last).</summary>
public sealed class ProducerEntry
{
    /// <summary>Kafka keeps the metadata of the last 5 batches (max.in.flight.requests.per.connection for idempotence).</summary>
    public const int MaxBatches = 5;

    private readonly Queue<ProducerBatch> _batches = new(MaxBatches);

    public ProducerEntry(long producerId, short epoch)
    {
        ProducerId = producerId;
        Epoch = epoch;
    }

    public long ProducerId { get; }

    public short Epoch { get; private set; }

    public IReadOnlyCollection<ProducerBatch> Batches => _batches;

    /// <summary>The last sequence appended in the current epoch, or -1.</summary>
    public int LastSequence => _batches.Count == 0 ? -1 : _batches.Last().LastSequence;

    public ProducerBatch? FindDuplicate(int firstSequence, int lastSequence)
    {
        foreach (var batch in _batches)
        {
            if (batch.FirstSequence == firstSequence && batch.LastSequence == lastSequence)
            {
                return batch;
            }
        }

        return null;
    }

    public void Add(short epoch, ProducerBatch batch)
    {
        if (epoch != Epoch)
        {
            Epoch = epoch;
            _batches.Clear();
        }

        if (_batches.Count == MaxBatches)
        {
            _batches.Dequeue();
        }

        _batches.Enqueue(batch);
    }
}
