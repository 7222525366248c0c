// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>The partitioner setting (librdkafka names).</summary>
public enum Partitioner
{
    Random,
    Consistent,
    ConsistentRandom,
    Murmur2,
    Murmur2Random,
}
