// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Client;

namespace Granary.Streams.Failures;

/// <summary>
/// Reads fixed offset ranges of a topic's partitions with an assigned (not subscribed) consumer: no group join, and
/// an end fixed at the start, so a replay or a count terminates even while new records keep arriving.
/// </summary>
internal sealed class DeadLetterScan
{
    private readonly IConsumer<byte[], byte[]> _consumer;
    private readonly string _topic;
    private readonly Dictionary<int, (long Start, long End)> _ranges;
    private readonly Dictionary<int, long> _positions = [];
    private readonly TimeSpan _idleTimeout;
    private readonly List<DeadLetterReplayStop> _timedOut = [];

    public DeadLetterScan(IConsumer<byte[], byte[]> consumer, string topic, Dictionary<int, (long Start, long End)> ranges, TimeSpan idleTimeout)
    {
        _consumer = consumer;
        _topic = topic;
        _ranges = ranges;
        _idleTimeout = idleTimeout;
        foreach (var (partition, range) in ranges)
        {
            if (range.Start < range.End)
            {
                _positions[partition] = range.Start;
            }
        }

        if (_positions.Count > 0)
        {
            consumer.Assign(_positions.Select(p => new TopicPartitionOffset(topic, p.Key, p.Value)));
        }
    }

    /// <summary>Each partition's [start, end): start at the group's committed offset (or <paramref name="from"/>), end at the HighWatermark (or <paramref name="to"/>), both clamped into the log.</summary>
    public static Dictionary<int, (long Start, long End)> PlanRanges(IConsumer<byte[], byte[]> consumer, string topic, int partitions, long? from, long? to, TimeSpan timeout)
    {
        var tps = Enumerable.Range(0, partitions).Select(p => new TopicPartition(topic, p)).ToList();
        var committed = from is null ? consumer.Committed(tps, timeout).ToDictionary(c => c.Partition.Value, c => c.Offset.Value) : [];
        var ranges = new Dictionary<int, (long Start, long End)>();
        foreach (var tp in tps)
        {
            var marks = consumer.QueryWatermarkOffsets(tp, timeout);
            var low = marks.Low.Value;
            var high = marks.High.Value;
            var start = from ?? (committed.TryGetValue(tp.Partition.Value, out var c) && c >= 0 ? c : low);
            start = Math.Clamp(start, low, high);
            var end = Math.Clamp(to ?? high, start, high);
            ranges[tp.Partition.Value] = (start, end);
        }

        return ranges;
    }

    /// <summary>The next record inside the ranges, or null when every range is finished, stopped or timed out.</summary>
    public async Task<ConsumeResult<byte[], byte[]>?> NextAsync(CancellationToken cancellationToken)
    {
        while (_positions.Count > 0)
        {
            ConsumeResult<byte[], byte[]> result;
            using (var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                idle.CancelAfter(_idleTimeout);
                try
                {
                    result = await _consumer.ConsumeAsync(idle.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    foreach (var (partition, position) in _positions)
                    {
                        _timedOut.Add(new DeadLetterReplayStop(partition, position, $"no record arrived within {_idleTimeout.TotalSeconds:0.#} s"));
                    }

                    _positions.Clear();
                    return null;
                }
            }

            var p = result.Partition.Value;
            if (result.IsPartitionEOF || !_positions.ContainsKey(p) || result.Offset.Value >= _ranges[p].End)
            {
                continue;
            }

            _positions[p] = result.Offset.Value + 1;
            if (result.Offset.Value + 1 >= _ranges[p].End)
            {
                Stop(p);
            }

            return result;
        }

        return null;
    }

    /// <summary>Stops reading a partition (its end was reached, or a record in it cannot be handled).</summary>
    public void Stop(int partition)
    {
        if (_positions.Remove(partition))
        {
            _consumer.IncrementalUnassign([new TopicPartition(_topic, partition)]);
        }
    }

    /// <summary>Partitions given up because no record arrived within the idle timeout.</summary>
    public IReadOnlyList<DeadLetterReplayStop> TimedOut => _timedOut;
}
