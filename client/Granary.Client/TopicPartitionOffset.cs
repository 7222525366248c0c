// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>A topic, partition and offset (plus the leader epoch when known).</summary>
public sealed class TopicPartitionOffset
{
    public TopicPartitionOffset(TopicPartition tp, Offset offset)
        : this(tp.Topic, tp.Partition, offset, null)
    {
    }

    public TopicPartitionOffset(TopicPartition tp, Offset offset, int? leaderEpoch)
        : this(tp.Topic, tp.Partition, offset, leaderEpoch)
    {
    }

    public TopicPartitionOffset(string topic, Partition partition, Offset offset)
        : this(topic, partition, offset, null)
    {
    }

    public TopicPartitionOffset(string topic, Partition partition, Offset offset, int? leaderEpoch)
    {
        Topic = topic;
        Partition = partition;
        Offset = offset;
        LeaderEpoch = leaderEpoch;
    }

    public string Topic { get; }

    public Partition Partition { get; }

    public Offset Offset { get; }

    public int? LeaderEpoch { get; }

    public TopicPartition TopicPartition => new(Topic, Partition);

    public override bool Equals(object? obj) =>
        obj is TopicPartitionOffset o && o.Topic == Topic && o.Partition == Partition && o.Offset == Offset;

    public override int GetHashCode() => (((Partition.GetHashCode() * 251) + Topic.GetHashCode(StringComparison.Ordinal)) * 251) + Offset.GetHashCode();

    public static bool operator ==(TopicPartitionOffset? a, TopicPartitionOffset? b) => a is null ? b is null : a.Equals(b);

    public static bool operator !=(TopicPartitionOffset? a, TopicPartitionOffset? b) => !(a == b);

    public override string ToString() => $"{Topic} {Partition} @{Offset}";
}
