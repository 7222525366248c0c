// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>A delivery result plus the error, passed to Produce's delivery handler.</summary>
public class DeliveryReport<TKey, TValue> : DeliveryResult<TKey, TValue>
{
    private Error? _error;

    // Created on first read, like the message: the producer sets the error of every report it makes.
    public Error Error
    {
        get => _error ??= new(ErrorCode.NoError);
        set => _error = value;
    }

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
