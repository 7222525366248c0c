// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>
/// Sees every record a producer sends and every acknowledgement (the Java client's ProducerInterceptor). Added with
/// <see cref="ProducerBuilder{TKey,TValue}.AddInterceptor"/>; interceptors run in the order added. An exception
/// thrown by an interceptor is reported to the log handler and never stops the send or the delivery report.
/// </summary>
public interface IProducerInterceptor<TKey, TValue>
{
    /// <summary>
    /// Called by Produce/ProduceAsync before the message is serialized, so changes to it (its headers, say) are sent.
    /// <paramref name="topicPartition"/> is the partition asked for: <see cref="Partition.Any"/> when the partitioner
    /// is still to choose.
    /// </summary>
    void OnSend(Message<TKey, TValue> message, TopicPartition topicPartition);

    /// <summary>
    /// Called once per record when its outcome is known, before the delivery handler runs or the ProduceAsync task
    /// completes. It runs on the producer's sending path: keep it short.
    /// </summary>
    void OnAcknowledgement(DeliveryResult<TKey, TValue> deliveryResult, Error error);
}
