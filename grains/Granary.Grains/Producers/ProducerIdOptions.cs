// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Cluster;

namespace Granary.Grains.Producers;

/// <summary>Settings of the producer id allocator.</summary>
public sealed class ProducerIdOptions
{
    /// <summary>The local silo's id (node.id), recorded with each allocated block.</summary>
    public int SiloId { get; set; }

    /// <summary>Producer ids fetched from the cluster table at a time (Kafka: 1000).</summary>
    public int BlockSize { get; set; } = ProducerIdBlock.DefaultSize;

    public void Validate()
    {
        if (BlockSize is < 1 or > 1_000_000)
        {
            throw new ArgumentException($"{nameof(BlockSize)} must be in [1, 1000000]; got {BlockSize}.", nameof(BlockSize));
        }
    }
}
