// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>
/// For records without a key: every record of a topic goes to one partition until its batch is sent, then the
/// producer moves on to another (KIP-480), which fills batches instead of spreading tiny ones over all partitions.
/// </summary>
internal sealed class StickyPartitioner
{
    private readonly Dictionary<string, int> _current = new(StringComparer.Ordinal);
    private readonly Random _random;
    private readonly Lock _lock = new();

    // The latest answer, read without the lock: most records go to the topic asked about last, and only a new batch
    // (OnNewBatch, under the lock) changes a topic's partition.
    private volatile Choice? _last;

    public StickyPartitioner(Random? random = null) => _random = random ?? Random.Shared;

    public int Partition(string topic, int partitionCount)
    {
        var last = _last;
        if (last is not null && ReferenceEquals(last.Topic, topic) && last.Partition < partitionCount)
        {
            return last.Partition;
        }

        lock (_lock)
        {
            if (!_current.TryGetValue(topic, out var partition) || partition >= partitionCount)
            {
                partition = _random.Next(partitionCount);
                _current[topic] = partition;
            }

            _last = new Choice(topic, partition);
            return partition;
        }
    }

    /// <summary>Called when the batch for <paramref name="previous"/> was closed: choose a different partition.</summary>
    public int OnNewBatch(string topic, int partitionCount, int previous)
    {
        lock (_lock)
        {
            if (_current.TryGetValue(topic, out var current) && current != previous)
            {
                return current;
            }

            var next = partitionCount <= 1 ? 0 : (previous + 1 + _random.Next(partitionCount - 1)) % partitionCount;
            _current[topic] = next;
            if (next != previous)
            {
                _last = null;
            }

            return next;
        }
    }

    private sealed record Choice(string Topic, int Partition);
}
