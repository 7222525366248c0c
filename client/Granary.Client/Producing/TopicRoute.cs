// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Producing;

/// <summary>
/// What routing a record to a topic needs, found with one lookup (or none, when the caller passes the same topic
/// string again): the partition count once known, and the topic's partition senders by partition.
/// </summary>
internal sealed class TopicRoute(string topic)
{
    private readonly Lock _grow = new();
    private volatile PartitionSender?[] _senders = [];
    private volatile int _partitionCount;

    public string Topic { get; } = topic;

    /// <summary>The topic's partition count from metadata; 0 until known.</summary>
    public int PartitionCount
    {
        get => _partitionCount;
        set => _partitionCount = value;
    }

    /// <summary>The sender of <paramref name="partition"/>, or null when this route has not cached it yet.</summary>
    public PartitionSender? Sender(int partition)
    {
        var senders = _senders;
        return (uint)partition < (uint)senders.Length ? senders[partition] : null;
    }

    /// <summary>Caches <paramref name="sender"/> (the one sender of its partition) for later lookups.</summary>
    public void Cache(int partition, PartitionSender sender)
    {
        lock (_grow)
        {
            var senders = _senders;
            if (partition >= senders.Length)
            {
                // Copy on write: readers take the array without a lock.
                var grown = new PartitionSender?[Math.Max(partition + 1, senders.Length * 2)];
                senders.CopyTo(grown, 0);
                grown[partition] = sender;
                _senders = grown;
            }
            else
            {
                Volatile.Write(ref senders[partition], sender);
            }
        }
    }
}
