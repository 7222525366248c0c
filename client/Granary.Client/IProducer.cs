// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>A Kafka producer (Confluent.Kafka's IProducer shape).</summary>
public interface IProducer<TKey, TValue> : IClient
{
    Task<DeliveryResult<TKey, TValue>> ProduceAsync(string topic, Message<TKey, TValue> message, CancellationToken cancellationToken = default);

    Task<DeliveryResult<TKey, TValue>> ProduceAsync(TopicPartition topicPartition, Message<TKey, TValue> message, CancellationToken cancellationToken = default);

    void Produce(string topic, Message<TKey, TValue> message, Action<DeliveryReport<TKey, TValue>>? deliveryHandler = null);

    void Produce(TopicPartition topicPartition, Message<TKey, TValue> message, Action<DeliveryReport<TKey, TValue>>? deliveryHandler = null);

    int Poll(TimeSpan timeout);

    int Flush(TimeSpan timeout);

    void Flush(CancellationToken cancellationToken = default);

    void InitTransactions(TimeSpan timeout);

    void BeginTransaction();

    void CommitTransaction(TimeSpan timeout);

    void CommitTransaction();

    void AbortTransaction(TimeSpan timeout);

    void AbortTransaction();

    void SendOffsetsToTransaction(IEnumerable<TopicPartitionOffset> offsets, IConsumerGroupMetadata groupMetadata, TimeSpan timeout);
}
