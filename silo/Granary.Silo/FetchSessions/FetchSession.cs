// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Storage;

namespace Granary.Silo.FetchSessions;

/// <summary>
/// A fetch session (KIP-227): the partitions a client fetches, kept by the silo so that incremental fetches name only
/// the partitions whose fetch position changed and their responses carry only the partitions with news.
/// </summary>
/// <remarks>Partitions are kept in fetch order; a partition that returned records moves to the back, so a response
/// byte limit cannot starve the partitions after it (Kafka does the same).</remarks>
public sealed class FetchSession
{
    private readonly Dictionary<TopicPartition, LinkedListNode<FetchSessionPartition>> _byPartition = [];
    private readonly LinkedList<FetchSessionPartition> _order = new();

    // A client that (wrongly) sends two requests of one session at once must not corrupt it.
    private readonly Lock _gate = new();

    internal FetchSession(int id) => Id = id;

    public int Id { get; }

    /// <summary>The epoch the next incremental request must carry (1 after creation; wraps from int.MaxValue to 1).</summary>
    public int NextEpoch { get; internal set; } = 1;

    /// <summary>When the session was last used (a <see cref="TimeProvider"/> timestamp).</summary>
    internal long LastUsed { get; set; }

    internal LinkedListNode<FetchSession>? LruNode { get; set; }

    public int PartitionCount
    {
        get
        {
            lock (_gate)
            {
                return _byPartition.Count;
            }
        }
    }

    /// <summary>The partitions in fetch order (a copy).</summary>
    public IReadOnlyList<FetchSessionPartition> Partitions
    {
        get
        {
            lock (_gate)
            {
                return _order.ToArray();
            }
        }
    }

    /// <summary>Adds a partition, or updates its fetch offset and byte limit when the session has it.</summary>
    public void Upsert(string topic, int partition, long fetchOffset, int maxBytes)
    {
        var key = new TopicPartition(topic, partition);
        lock (_gate)
        {
            if (_byPartition.TryGetValue(key, out var node))
            {
                node.Value.FetchOffset = fetchOffset;
                node.Value.MaxBytes = maxBytes;
                return;
            }

            _byPartition[key] = _order.AddLast(new FetchSessionPartition(topic, partition, fetchOffset, maxBytes));
        }
    }

    /// <summary>Removes a partition the client no longer fetches (forgotten_topics_data).</summary>
    public void Forget(string topic, int partition)
    {
        lock (_gate)
        {
            if (_byPartition.Remove(new TopicPartition(topic, partition), out var node))
            {
                _order.Remove(node);
            }
        }
    }

    /// <summary>
    /// Records what a response tells the client about one partition and says whether an incremental response must
    /// carry it: when it has records or an error, or when its HighWatermark, LastStableOffset or LogStartOffset moved.
    /// </summary>
    public bool Update(string topic, int partition, bool hasRecords, short errorCode, long highWatermark, long lastStableOffset, long logStartOffset)
    {
        lock (_gate)
        {
            if (!_byPartition.TryGetValue(new TopicPartition(topic, partition), out var node))
            {
                return true;
            }

            var cached = node.Value;
            var changed = hasRecords || errorCode != 0
                || cached.HighWatermark != highWatermark
                || cached.LastStableOffset != lastStableOffset
                || cached.LogStartOffset != logStartOffset;
            cached.HighWatermark = highWatermark;
            cached.LastStableOffset = lastStableOffset;
            cached.LogStartOffset = logStartOffset;
            if (hasRecords && node.Next is not null)
            {
                _order.Remove(node);
                _order.AddLast(node);
            }

            return changed;
        }
    }
}
