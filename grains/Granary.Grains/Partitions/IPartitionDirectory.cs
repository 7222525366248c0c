// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Grains.Partitions;

/// <summary>
/// Tells a partition grain whether its partition exists and how it is configured. The silo answers from the cluster
/// table; tests answer from a dictionary.
/// </summary>
public interface IPartitionDirectory
{
    /// <summary>The partition's placement and config, or null when the topic or the partition does not exist.</summary>
    ValueTask<PartitionPlacement?> FindAsync(string topic, int partition, CancellationToken cancellationToken = default);
}
