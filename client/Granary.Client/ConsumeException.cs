// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>Raised when consuming fails; carries the raw (undeserialized) consume result.</summary>
public class ConsumeException : KafkaException
{
    public ConsumeException(ConsumeResult<byte[], byte[]> consumerRecord, Error error)
        : base(error)
    {
        ConsumerRecord = consumerRecord;
    }

    public ConsumeException(ConsumeResult<byte[], byte[]> consumerRecord, Error error, Exception innerException)
        : base(error, innerException)
    {
        ConsumerRecord = consumerRecord;
    }

    public ConsumeResult<byte[], byte[]> ConsumerRecord { get; }
}
