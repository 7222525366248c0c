// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Cluster;

/// <summary>A block of producer ids handed to one silo: [FirstProducerId, FirstProducerId + Size).</summary>
/// <param name="AssignedSiloId">The silo the block was allocated to.</param>
/// <param name="FirstProducerId">The first id in the block.</param>
/// <param name="Size">Number of ids in the block.</param>
public sealed record ProducerIdBlock(int AssignedSiloId, long FirstProducerId, int Size)
{
    /// <summary>Kafka's block size (ProducerIdManager allocates 1000 ids at a time).</summary>
    public const int DefaultSize = 1000;

    /// <summary>The last id in the block (inclusive).</summary>
    public long LastProducerId => FirstProducerId + Size - 1;
}
