// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Runtime.CompilerServices;
using Granary.Client.Configuration;

namespace Granary.Client.Consuming;

internal sealed class Consumer<TKey, TValue> : IConsumer<TKey, TValue>
{
    public Consumer(ConsumerBuilder<TKey, TValue> builder, ResolvedConfig config, ConsumerSettings settings, string name)
    {
        _ = builder;
        _ = config;
        _ = settings;
        Name = name;
    }

    public string Name { get; }

    public string MemberId => string.Empty;

    public List<TopicPartition> Assignment => [];

    public List<string> Subscription => [];

    public IConsumerGroupMetadata? ConsumerGroupMetadata => null;

    public ConsumeResult<TKey, TValue>? Consume(int millisecondsTimeout) => throw new NotImplementedException();

    public ConsumeResult<TKey, TValue>? Consume(TimeSpan timeout) => throw new NotImplementedException();

    public ConsumeResult<TKey, TValue> Consume(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    public ValueTask<ConsumeResult<TKey, TValue>> ConsumeAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    public async IAsyncEnumerable<ConsumeResult<TKey, TValue>> ConsumeAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        yield return await ConsumeAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Subscribe(IEnumerable<string> topics) => throw new NotImplementedException();

    public void Subscribe(string topic) => throw new NotImplementedException();

    public void Unsubscribe() => throw new NotImplementedException();

    public void Assign(TopicPartition partition) => throw new NotImplementedException();

    public void Assign(TopicPartitionOffset partition) => throw new NotImplementedException();

    public void Assign(IEnumerable<TopicPartitionOffset> partitions) => throw new NotImplementedException();

    public void Assign(IEnumerable<TopicPartition> partitions) => throw new NotImplementedException();

    public void IncrementalAssign(IEnumerable<TopicPartitionOffset> partitions) => throw new NotImplementedException();

    public void IncrementalAssign(IEnumerable<TopicPartition> partitions) => throw new NotImplementedException();

    public void IncrementalUnassign(IEnumerable<TopicPartition> partitions) => throw new NotImplementedException();

    public void Unassign() => throw new NotImplementedException();

    public void StoreOffset(ConsumeResult<TKey, TValue> result) => throw new NotImplementedException();

    public void StoreOffset(TopicPartitionOffset offset) => throw new NotImplementedException();

    public List<TopicPartitionOffset> Commit() => throw new NotImplementedException();

    public void Commit(IEnumerable<TopicPartitionOffset> offsets) => throw new NotImplementedException();

    public void Commit(ConsumeResult<TKey, TValue> result) => throw new NotImplementedException();

    public void Seek(TopicPartitionOffset tpo) => throw new NotImplementedException();

    public void Pause(IEnumerable<TopicPartition> partitions) => throw new NotImplementedException();

    public void Resume(IEnumerable<TopicPartition> partitions) => throw new NotImplementedException();

    public List<TopicPartitionOffset> Committed(TimeSpan timeout) => throw new NotImplementedException();

    public List<TopicPartitionOffset> Committed(IEnumerable<TopicPartition> partitions, TimeSpan timeout) => throw new NotImplementedException();

    public Offset Position(TopicPartition partition) => throw new NotImplementedException();

    public List<TopicPartitionOffset> OffsetsForTimes(IEnumerable<TopicPartitionTimestamp> timestampsToSearch, TimeSpan timeout) => throw new NotImplementedException();

    public WatermarkOffsets GetWatermarkOffsets(TopicPartition topicPartition) => throw new NotImplementedException();

    public WatermarkOffsets QueryWatermarkOffsets(TopicPartition topicPartition, TimeSpan timeout) => throw new NotImplementedException();

    public void Close() => throw new NotImplementedException();

    public void Dispose()
    {
    }
}
