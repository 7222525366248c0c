// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>A consumed message and where it came from, or a partition EOF notice.</summary>
public class ConsumeResult<TKey, TValue>
{
    public string Topic { get; set; } = string.Empty;

    public Partition Partition { get; set; }

    public Offset Offset { get; set; }

    public int? LeaderEpoch { get; set; }

    public TopicPartition TopicPartition => new(Topic, Partition);

    public TopicPartitionOffset TopicPartitionOffset
    {
        get => new(Topic, Partition, Offset, LeaderEpoch);
        set
        {
            Topic = value.Topic;
            Partition = value.Partition;
            Offset = value.Offset;
            LeaderEpoch = value.LeaderEpoch;
        }
    }

    public Message<TKey, TValue>? Message { get; set; }

    public bool IsPartitionEOF { get; set; }
}
