// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>The outcome of producing one message.</summary>
public class DeliveryResult<TKey, TValue>
{
    private Message<TKey, TValue>? _message;

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

    public PersistenceStatus Status { get; set; }

    // Created on first read: the producer sets its own message on every report, and an eager default would be a
    // second object per delivered record.
    public Message<TKey, TValue> Message
    {
        get => _message ??= new();
        set => _message = value;
    }

    public TKey Key
    {
        get => Message.Key;
        set => Message.Key = value;
    }

    public TValue Value
    {
        get => Message.Value;
        set => Message.Value = value;
    }

    public Timestamp Timestamp
    {
        get => Message.Timestamp;
        set => Message.Timestamp = value;
    }

    public Headers? Headers
    {
        get => Message.Headers;
        set => Message.Headers = value;
    }
}
