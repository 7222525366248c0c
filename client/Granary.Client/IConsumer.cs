// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>A consumer of records, named and shaped like Confluent.Kafka's <c>IConsumer</c>.</summary>
/// <remarks>
/// Consume, the rebalance handlers and the offset-committed handler all run on the thread that calls Consume; the
/// other members may be called from any thread.
/// </remarks>
public interface IConsumer<TKey, TValue> : IClient
{
    /// <summary>The member id the group coordinator gave this consumer; empty before the first join.</summary>
    string MemberId { get; }

    /// <summary>The partitions currently assigned (by the group or by Assign).</summary>
    List<TopicPartition> Assignment { get; }

    /// <summary>The topics (or ^regex patterns) currently subscribed.</summary>
    List<string> Subscription { get; }

    /// <summary>The group metadata to pass to a transactional producer's SendOffsetsToTransaction.</summary>
    IConsumerGroupMetadata? ConsumerGroupMetadata { get; }

    ConsumeResult<TKey, TValue>? Consume(int millisecondsTimeout);

    ConsumeResult<TKey, TValue>? Consume(TimeSpan timeout);

    /// <summary>Blocks until a record, a partition EOF or an error arrives, or the token is cancelled.</summary>
    ConsumeResult<TKey, TValue> Consume(CancellationToken cancellationToken = default);

    /// <summary>Granary extra: waits for the next record without blocking a thread.</summary>
    ValueTask<ConsumeResult<TKey, TValue>> ConsumeAsync(CancellationToken cancellationToken = default);

    /// <summary>Granary extra: every record until the token is cancelled (the enumeration then simply ends).</summary>
    IAsyncEnumerable<ConsumeResult<TKey, TValue>> ConsumeAllAsync(CancellationToken cancellationToken = default);

    void Subscribe(IEnumerable<string> topics);

    void Subscribe(string topic);

    void Unsubscribe();

    void Assign(TopicPartition partition);

    void Assign(TopicPartitionOffset partition);

    void Assign(IEnumerable<TopicPartitionOffset> partitions);

    void Assign(IEnumerable<TopicPartition> partitions);

    void IncrementalAssign(IEnumerable<TopicPartitionOffset> partitions);

    void IncrementalAssign(IEnumerable<TopicPartition> partitions);

    void IncrementalUnassign(IEnumerable<TopicPartition> partitions);

    void Unassign();

    void StoreOffset(ConsumeResult<TKey, TValue> result);

    void StoreOffset(TopicPartitionOffset offset);

    /// <summary>Commits the stored offsets of every assigned partition and returns what was committed.</summary>
    List<TopicPartitionOffset> Commit();

    void Commit(IEnumerable<TopicPartitionOffset> offsets);

    /// <summary>Commits the offset after the result's (the next record to read), as Confluent does.</summary>
    void Commit(ConsumeResult<TKey, TValue> result);

    void Seek(TopicPartitionOffset tpo);

    void Pause(IEnumerable<TopicPartition> partitions);

    void Resume(IEnumerable<TopicPartition> partitions);

    List<TopicPartitionOffset> Committed(TimeSpan timeout);

    List<TopicPartitionOffset> Committed(IEnumerable<TopicPartition> partitions, TimeSpan timeout);

    /// <summary>The offset of the next record Consume returns for the partition, or Offset.Unset.</summary>
    Offset Position(TopicPartition partition);

    List<TopicPartitionOffset> OffsetsForTimes(IEnumerable<TopicPartitionTimestamp> timestampsToSearch, TimeSpan timeout);

    /// <summary>The watermarks last seen in a Fetch response (no request; Offset.Unset when none seen yet).</summary>
    WatermarkOffsets GetWatermarkOffsets(TopicPartition topicPartition);

    WatermarkOffsets QueryWatermarkOffsets(TopicPartition topicPartition, TimeSpan timeout);

    /// <summary>Commits (when auto-commit is on), revokes through the handler, leaves the group.</summary>
    void Close();
}
