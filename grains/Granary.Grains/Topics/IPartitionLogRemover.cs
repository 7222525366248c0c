// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Cluster;

namespace Granary.Grains.Topics;

/// <summary>
/// Removes a deleted topic's partition logs on this silo. The seam where the partition grains take over (deactivate,
/// close and delete their log); until then <see cref="LogManagerPartitionLogRemover"/> deletes through the LogManager.
/// </summary>
public interface IPartitionLogRemover
{
    /// <summary>Deletes the local logs of <paramref name="partitions"/> of the deleted <paramref name="topic"/>.</summary>
    Task RemoveAsync(TopicRecord topic, IReadOnlyList<PartitionState> partitions, CancellationToken cancellationToken = default);
}
