// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Text;
using Xunit;

namespace Granary.Client.Tests;

public class PartitionerTests
{
    // Vectors from Apache Kafka's UtilsTest.testMurmur2 (kafkajs's *legacy* murmur2 vectors differ: that partitioner is not Java-compatible).
    [Theory]
    [InlineData("21", -973932308)]
    [InlineData("foobar", -790332482)]
    [InlineData("a-little-bit-long-string", -985981536)]
    [InlineData("a-little-bit-longer-string", -1486304829)]
    [InlineData("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971)]
    [InlineData("abc", 479470107)]
    public void Murmur2_matches_java(string key, int expected) =>
        Assert.Equal(expected, Murmur2.Hash(Encoding.UTF8.GetBytes(key)));

    [Fact]
    public void Keyed_partition_is_positive_hash_mod_count()
    {
        // Java's toPositive(-973932308) = -973932308 & 0x7fffffff = 1173551340.
        Assert.Equal(1173551340 % 3, Murmur2.Partition("21"u8, 3));
        Assert.Equal(1173551340 % 7, Murmur2.Partition("21"u8, 7));
        Assert.Equal((-790332482 & 0x7fffffff) % 6, Murmur2.Partition("foobar"u8, 6));
        for (var i = 0; i < 1000; i++)
        {
            var p = Murmur2.Partition(Encoding.UTF8.GetBytes($"key-{i}"), 12);
            Assert.InRange(p, 0, 11);
        }
    }

    [Fact]
    public void Sticky_partitioner_sticks_until_a_new_batch_then_moves()
    {
        var sticky = new StickyPartitioner(new Random(1));
        var first = sticky.Partition("t", 4);
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(first, sticky.Partition("t", 4));
        }

        var next = sticky.OnNewBatch("t", 4, first);
        Assert.NotEqual(first, next);
        Assert.Equal(next, sticky.Partition("t", 4));

        // A second close notification for the old partition must not move it again.
        Assert.Equal(next, sticky.OnNewBatch("t", 4, first));
        Assert.Equal(0, new StickyPartitioner().OnNewBatch("one", 1, 0));
    }
}
