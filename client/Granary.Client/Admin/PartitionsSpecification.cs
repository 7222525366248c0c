// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Admin;

/// <summary>A topic whose partition count should grow to <see cref="IncreaseTo"/>.</summary>
public class PartitionsSpecification
{
    public string Topic { get; set; } = string.Empty;

    /// <summary>The new total number of partitions (not the number to add).</summary>
    public int IncreaseTo { get; set; }

    /// <summary>Broker ids for each new partition, in order; null lets the broker place them.</summary>
    public List<List<int>>? ReplicaAssignment { get; set; }
}
