// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>A delivery result plus the error, passed to Produce's delivery handler.</summary>
public class DeliveryReport<TKey, TValue> : DeliveryResult<TKey, TValue>
{
    public Error Error { get; set; } = new(ErrorCode.NoError);

    public TopicPartitionOffsetError TopicPartitionOffsetError
    {
        get => new(Topic, Partition, Offset, Error, LeaderEpoch);
        set
        {
            Topic = value.Topic;
            Partition = value.Partition;
            Offset = value.Offset;
            Error = value.Error;
            LeaderEpoch = value.LeaderEpoch;
        }
    }
}
