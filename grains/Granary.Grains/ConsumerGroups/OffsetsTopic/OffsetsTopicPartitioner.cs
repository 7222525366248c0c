// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Grains.ConsumerGroups.OffsetsTopic;

/// <summary>Which partition of <c>__consumer_offsets</c> holds a group, exactly as Kafka computes it.</summary>
public static class OffsetsTopicPartitioner
{
    /// <summary>abs(groupId.hashCode()) % partitionCount, with Kafka's Utils.abs (x &amp; 0x7fffffff).</summary>
    public static int PartitionFor(string groupId, int partitionCount)
    {
        ArgumentNullException.ThrowIfNull(groupId);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitionCount, 1);
        return (JavaStringHashCode(groupId) & 0x7fffffff) % partitionCount;
    }

    /// <summary>Java's String.hashCode: s[0]*31^(n-1) + ... + s[n-1] over UTF-16 code units, wrapping on overflow.</summary>
    public static int JavaStringHashCode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var hash = 0;
        foreach (var c in value)
        {
            hash = unchecked((31 * hash) + c);
        }

        return hash;
    }
}
