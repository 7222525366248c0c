// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>A topic partition and the error (possibly NoError) of an operation on it.</summary>
public sealed class TopicPartitionError
{
    public TopicPartitionError(TopicPartition tp, Error error)
        : this(tp.Topic, tp.Partition, error)
    {
    }

    public TopicPartitionError(string topic, Partition partition, Error error)
    {
        Topic = topic;
        Partition = partition;
        Error = error;
    }

    public string Topic { get; }

    public Partition Partition { get; }

    public Error Error { get; }

    public TopicPartition TopicPartition => new(Topic, Partition);

    public override bool Equals(object? obj) =>
        obj is TopicPartitionError o && o.Topic == Topic && o.Partition == Partition && o.Error == Error;

    public override int GetHashCode() => HashCode.Combine(Topic, Partition, Error);

    public static bool operator ==(TopicPartitionError? a, TopicPartitionError? b) => a is null ? b is null : a.Equals(b);

    public static bool operator !=(TopicPartitionError? a, TopicPartitionError? b) => !(a == b);

    public override string ToString() => $"{Topic} {Partition} : {Error}";
}
