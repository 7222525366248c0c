// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>A partition and a timestamp to look an offset up by (OffsetsForTimes).</summary>
public sealed class TopicPartitionTimestamp
{
    public TopicPartitionTimestamp(TopicPartition tp, Timestamp timestamp)
        : this(tp.Topic, tp.Partition, timestamp)
    {
    }

    public TopicPartitionTimestamp(string topic, Partition partition, Timestamp timestamp)
    {
        Topic = topic;
        Partition = partition;
        Timestamp = timestamp;
    }

    public string Topic { get; }

    public Partition Partition { get; }

    public Timestamp Timestamp { get; }

    public TopicPartition TopicPartition => new(Topic, Partition);

    public override bool Equals(object? obj) =>
        obj is TopicPartitionTimestamp o && o.Topic == Topic && o.Partition == Partition && o.Timestamp == Timestamp;

    public override int GetHashCode() => HashCode.Combine(Topic, Partition, Timestamp);

    public override string ToString() => $"{Topic} {Partition} @{Timestamp.UnixTimestampMs}";
}
