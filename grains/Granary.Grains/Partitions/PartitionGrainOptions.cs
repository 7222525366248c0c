// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Grains.Partitions;

/// <summary>Settings of partition grains.</summary>
public sealed class PartitionGrainOptions
{
    /// <summary>How often an active partition writes its producer-state snapshot (it is also written on deactivation).</summary>
    public TimeSpan ProducerSnapshotInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Throws naming the setting when a value is out of range.</summary>
    public void Validate()
    {
        if (ProducerSnapshotInterval <= TimeSpan.Zero || ProducerSnapshotInterval > TimeSpan.FromDays(1))
        {
            throw new ArgumentException($"{nameof(ProducerSnapshotInterval)} must be in (0, 1 day]; got {ProducerSnapshotInterval}.", nameof(ProducerSnapshotInterval));
        }
    }
}
