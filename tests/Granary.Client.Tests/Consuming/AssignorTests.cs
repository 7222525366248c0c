// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Client.Consuming;
using Granary.Client.Consuming.Assignors;
using Xunit;

namespace Granary.Client.Tests.Consuming;

public class AssignorTests
{
    private static readonly Dictionary<string, int> Counts = new() { ["a"] = 5, ["b"] = 3 };

    private static MemberSubscription Member(string id, string[] topics, IReadOnlyList<TopicPartition>? owned = null, int generation = 1) =>
        new(id, null, topics, owned ?? [], generation);

    private static string Show(List<TopicPartition> partitions) => string.Join(",", partitions.Select(p => $"{p.Topic}{p.Partition.Value}"));

    [Fact]
    public void RangeGivesConsecutiveRangesPerTopicWithTheRemainderToTheFirstMembers()
    {
        var result = new RangeAssignor().Assign([Member("m2", ["a", "b"]), Member("m1", ["a", "b"])], Counts);
        Assert.Equal("a0,a1,a2,b0,b1", Show(result["m1"]));
        Assert.Equal("a3,a4,b2", Show(result["m2"]));
    }

    [Fact]
    public void RoundRobinDealsPartitionsInTurnAndSkipsMembersNotSubscribed()
    {
        var result = new RoundRobinAssignor().Assign([Member("m1", ["a", "b"]), Member("m2", ["a"]), Member("m3", ["b", "missing"])], Counts);
        Assert.Equal("a0,a2,a4,b1", Show(result["m1"]));
        Assert.Equal("a1,a3", Show(result["m2"]));
        Assert.Equal("b0,b2", Show(result["m3"]));
    }

    [Fact]
    public void CooperativeStickyKeepsOwnedPartitionsAndWithholdsThoseThatMove()
    {
        var assignor = new CooperativeStickyAssignor();
        var all = Enumerable.Range(0, 5).Select(p => new TopicPartition("a", p)).Concat(Enumerable.Range(0, 3).Select(p => new TopicPartition("b", p))).ToList();

        // m1 owned everything; m2 and m3 are new.
        var first = assignor.Assign([Member("m1", ["a", "b"], all), Member("m2", ["a", "b"]), Member("m3", ["a", "b"])], Counts);
        Assert.Equal(3, first["m1"].Count);
        Assert.All(first["m1"], tp => Assert.Contains(tp, all));
        Assert.Empty(first["m2"]);
        Assert.Empty(first["m3"]);

        // After m1 revoked the rest, the next round hands the freed partitions to m2 and m3.
        var second = assignor.Assign([Member("m1", ["a", "b"], first["m1"], 2), Member("m2", ["a", "b"], [], 2), Member("m3", ["a", "b"], [], 2)], Counts);
        Assert.Equal(first["m1"], second["m1"]);
        var union = second.Values.SelectMany(v => v).ToList();
        Assert.Equal(8, union.Distinct().Count());
        Assert.All(second.Values, v => Assert.InRange(v.Count, 2, 3));
    }

    [Fact]
    public void CooperativeStickyGivesAContestedPartitionToTheNewestGeneration()
    {
        var tp = new TopicPartition("b", 0);
        var result = new CooperativeStickyAssignor().Assign(
            [Member("old", ["b"], [tp], generation: 1), Member("new", ["b"], [tp], generation: 2)],
            new Dictionary<string, int> { ["b"] = 1 });
        Assert.Equal([tp], result["new"]);
        Assert.Empty(result["old"]);
    }

    [Fact]
    public void SubscriptionAndAssignmentBytesRoundTripThroughTheGeneratedDataTypes()
    {
        var owned = new List<TopicPartition> { new("b", 2), new("a", 1), new("a", 0) };
        var bytes = ConsumerProtocol.EncodeSubscription(["b", "a"], owned, 7);
        Assert.Equal(ConsumerProtocol.SubscriptionVersion, (short)((bytes[0] << 8) | bytes[1]));
        var decoded = ConsumerProtocol.DecodeSubscription("m", "i", bytes);
        Assert.Equal(["a", "b"], decoded.Topics);
        Assert.Equal("a0,a1,b2", Show([.. decoded.OwnedPartitions]));
        Assert.Equal(7, decoded.GenerationId);

        var assignment = ConsumerProtocol.DecodeAssignment(ConsumerProtocol.EncodeAssignment(owned));
        Assert.Equal("a0,a1,b2", Show(assignment));
        Assert.Empty(ConsumerProtocol.DecodeAssignment(ReadOnlyMemory<byte>.Empty));
    }

    [Fact]
    public void AVersionZeroSubscriptionFromAnOlderClientDecodes()
    {
        // int16 version 0, one topic "t", null user data: what kafkajs and older Java clients send.
        byte[] bytes = [0, 0, 0, 0, 0, 1, 0, 1, (byte)'t', 0xFF, 0xFF, 0xFF, 0xFF];
        var decoded = ConsumerProtocol.DecodeSubscription("m", null, bytes);
        Assert.Equal(["t"], decoded.Topics);
        Assert.Empty(decoded.OwnedPartitions);
        Assert.Equal(-1, decoded.GenerationId);
    }

    [Fact]
    public void ANewerVersionIsReadAsTheHighestKnownOne()
    {
        var bytes = ConsumerProtocol.EncodeAssignment([new TopicPartition("t", 3)]);
        bytes[1] = 9;
        var withTrailer = bytes.Concat(new byte[] { 1, 2, 3 }).ToArray();
        Assert.Equal("t3", Show(ConsumerProtocol.DecodeAssignment(withTrailer)));
    }

    [Fact]
    public void TruncatedProtocolBytesAreAProtocolErrorNotACrash()
    {
        Assert.Throws<Granary.Protocol.ProtocolException>(() => ConsumerProtocol.DecodeSubscription("m", null, new byte[] { 0 }));
        Assert.Throws<Granary.Protocol.ProtocolException>(() => ConsumerProtocol.DecodeSubscription("m", null, new byte[] { 0, 0, 0, 0, 0, 9 }));
    }
}
