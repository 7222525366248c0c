// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Grains.Partitions;

/// <summary>Kafka's fetch isolation level (0 = read_uncommitted, 1 = read_committed).</summary>
public enum IsolationLevel : sbyte
{
    ReadUncommitted = 0,
    ReadCommitted = 1,
}
