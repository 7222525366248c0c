// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using Granary.Storage;

namespace Granary.Grains.Partitions;

/// <summary>
/// Wakes long-polling fetches when a partition's HighWatermark moves (no polling). Take the task from
/// <see cref="WhenAdvancedAsync"/> BEFORE reading, so an advance between the read and the wait is not missed.
/// </summary>
public sealed class PartitionAppendSignal
{
    private readonly ConcurrentDictionary<TopicPartition, TaskCompletionSource> _waiters = new();

    /// <summary>A task that completes at the next HighWatermark advance of <paramref name="topicPartition"/>.</summary>
    public Task WhenAdvancedAsync(TopicPartition topicPartition) =>
        _waiters.GetOrAdd(topicPartition, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Completes the current waiters of <paramref name="topicPartition"/>.</summary>
    public void Advanced(TopicPartition topicPartition)
    {
        if (_waiters.TryRemove(topicPartition, out var waiter))
        {
            waiter.TrySetResult();
        }
    }
}
