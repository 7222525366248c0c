// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>Raised when a produce request fails; carries the delivery result of the failed message.</summary>
public class ProduceException<TKey, TValue> : KafkaException
{
    public ProduceException(Error error, DeliveryResult<TKey, TValue> deliveryResult)
        : base(error)
    {
        DeliveryResult = deliveryResult;
    }

    public ProduceException(Error error, DeliveryResult<TKey, TValue> deliveryResult, Exception innerException)
        : base(error, innerException)
    {
        DeliveryResult = deliveryResult;
    }

    public DeliveryResult<TKey, TValue> DeliveryResult { get; }
}
