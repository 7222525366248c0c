// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Grains.ConsumerGroups;
using Granary.Grains.ConsumerGroups.OffsetsTopic;
using Xunit;

namespace Granary.Grains.Tests.ConsumerGroups;

public sealed class OffsetsTopicPartitionerTests
{
    // Values of java.lang.String.hashCode().
    [Theory]
    [InlineData("", 0)]
    [InlineData("a", 97)]
    [InlineData("hello", 99162322)]
    [InlineData("hello world", 1794106052)]
    [InlineData("Aa", 2112)]
    [InlineData("BB", 2112)]
    [InlineData("my-group", -1906497762)]
    [InlineData("polygenelubricants", int.MinValue)]
    [InlineData("groupé", -1237460406)]
    public void JavaStringHashCodeMatchesJava(string value, int expected) =>
        Assert.Equal(expected, OffsetsTopicPartitioner.JavaStringHashCode(value));

    [Theory]
    [InlineData("my-group", 50, 36)] // negative hash: Utils.abs masks the sign bit instead of negating
    [InlineData("polygenelubricants", 50, 0)] // Integer.MIN_VALUE & 0x7fffffff == 0
    [InlineData("test-group", 50, 12)]
    [InlineData("a", 50, 47)]
    [InlineData("console-consumer-12345", 50, 6)]
    [InlineData("hello world", 7, 1794106052 % 7)]
    public void PartitionForMatchesKafka(string groupId, int partitions, int expected)
    {
        Assert.Equal(expected, OffsetsTopicPartitioner.PartitionFor(groupId, partitions));
        Assert.Equal(expected, new ConsumerGroup(groupId, new ConsumerGroupOptions { OffsetsTopicNumPartitions = partitions }, TimeProvider.System).OffsetsTopicPartition);
    }
}
