// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>A topic partition offset and the error (possibly NoError) of an operation on it.</summary>
public sealed class TopicPartitionOffsetError
{
    public TopicPartitionOffsetError(TopicPartitionOffset tpo, Error error)
        : this(tpo.Topic, tpo.Partition, tpo.Offset, error, tpo.LeaderEpoch)
    {
    }

    public TopicPartitionOffsetError(TopicPartition tp, Offset offset, Error error, int? leaderEpoch = null)
        : this(tp.Topic, tp.Partition, offset, error, leaderEpoch)
    {
    }

    public TopicPartitionOffsetError(string topic, Partition partition, Offset offset, Error error, int? leaderEpoch = null)
    {
        Topic = topic;
        Partition = partition;
        Offset = offset;
        Error = error;
        LeaderEpoch = leaderEpoch;
    }

    public string Topic { get; }

    public Partition Partition { get; }

    public Offset Offset { get; }

    public Error Error { get; }

    public int? LeaderEpoch { get; }

    public TopicPartition TopicPartition => new(Topic, Partition);

    public TopicPartitionOffset TopicPartitionOffset => new(Topic, Partition, Offset, LeaderEpoch);

    public override bool Equals(object? obj) =>
        obj is TopicPartitionOffsetError o && o.Topic == Topic && o.Partition == Partition && o.Offset == Offset && o.Error == Error;

    public override int GetHashCode() => HashCode.Combine(Topic, Partition, Offset, Error);

    public static bool operator ==(TopicPartitionOffsetError? a, TopicPartitionOffsetError? b) => a is null ? b is null : a.Equals(b);

    public static bool operator !=(TopicPartitionOffsetError? a, TopicPartitionOffsetError? b) => !(a == b);

    public override string ToString() => $"{Topic} {Partition} @{Offset}: {Error}";
}
