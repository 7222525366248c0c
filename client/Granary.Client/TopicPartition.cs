// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>A topic name and partition.</summary>
public sealed class TopicPartition : IComparable
{
    public TopicPartition(string topic, Partition partition)
    {
        Topic = topic;
        Partition = partition;
    }

    public string Topic { get; }

    public Partition Partition { get; }

    public override bool Equals(object? obj) =>
        obj is TopicPartition tp && tp.Partition == Partition && tp.Topic == Topic;

    public override int GetHashCode() => ((Partition.GetHashCode() + 1) * 31) ^ Topic.GetHashCode(StringComparison.Ordinal);

    public static bool operator ==(TopicPartition? a, TopicPartition? b) => a is null ? b is null : a.Equals(b);

    public static bool operator !=(TopicPartition? a, TopicPartition? b) => !(a == b);

    public int CompareTo(object? obj)
    {
        if (obj is not TopicPartition other)
        {
            throw new ArgumentException("Object must be of type TopicPartition.", nameof(obj));
        }

        var byTopic = string.CompareOrdinal(Topic, other.Topic);
        return byTopic != 0 ? byTopic : Partition.Value.CompareTo(other.Partition.Value);
    }

    public override string ToString() => $"{Topic} {Partition}";
}
