// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Grains.ConsumerGroups;

/// <summary>Creates the internal <c>__consumer_offsets</c> topic the first time a group needs it.</summary>
public interface IOffsetsTopicProvisioner
{
    /// <summary>The topic's name.</summary>
    public const string TopicName = "__consumer_offsets";

    /// <summary>
    /// Ensures the topic exists (compacted, internal, offsets.topic.num.partitions partitions). Returns false when it
    /// cannot be created now (no live silo), which the coordinator reports as COORDINATOR_NOT_AVAILABLE.
    /// </summary>
    Task<bool> EnsureCreatedAsync(CancellationToken cancellationToken = default);
}
