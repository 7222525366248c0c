// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Cluster;
using Granary.Storage;

namespace Granary.Grains.Topics;

/// <summary>Deletes a topic's partition directories through the silo's <see cref="LogManager"/>, when it has one.</summary>
public sealed class LogManagerPartitionLogRemover : IPartitionLogRemover
{
    private readonly Func<LogManager?> _logs;

    /// <param name="logs">Returns the silo's log manager, or null while the silo has none (nothing is stored then).</param>
    public LogManagerPartitionLogRemover(Func<LogManager?> logs) => _logs = logs;

    public async Task RemoveAsync(TopicRecord topic, IReadOnlyList<PartitionState> partitions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(partitions);
        if (_logs() is not { } manager)
        {
            return;
        }

        // Every partition number the topic ever had, so a partition whose row is already gone is still removed.
        var count = Math.Max(topic.PartitionCount, partitions.Count == 0 ? 0 : partitions.Max(p => p.Partition) + 1);
        for (var partition = 0; partition < count; partition++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await manager.DeleteAsync(new Granary.Storage.TopicPartition(topic.Name, partition)).ConfigureAwait(false);
        }
    }
}
