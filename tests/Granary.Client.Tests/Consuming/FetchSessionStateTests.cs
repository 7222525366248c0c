// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Client.Consuming;
using Granary.Protocol;
using Granary.Protocol.Messages;
using Xunit;

namespace Granary.Client.Tests.Consuming;

public class FetchSessionStateTests
{
    [Fact]
    public void AFullFetchOpensTheSessionAndIncrementalFetchesNameOnlyChanges()
    {
        var session = new FetchSessionState();
        var request = new FetchRequest();
        session.Prepare(request, [Want("t", 0, 10), Want("t", 1, 20), Want("u", 0, 5)], supported: true);
        Assert.Equal(0, request.SessionId);
        Assert.Equal(0, request.SessionEpoch);
        Assert.Equal(3, request.Topics.Sum(t => t.Partitions.Count));
        Assert.True(session.OnResponse(0, 77));
        Assert.True(session.IsOpen);
        Assert.Equal(1, session.Epoch);

        // Partition t-0 moved on, u-0 is no longer wanted, t-1 is unchanged.
        request = new FetchRequest();
        session.Prepare(request, [Want("t", 0, 15), Want("t", 1, 20)], supported: true);
        Assert.Equal(77, request.SessionId);
        Assert.Equal(1, request.SessionEpoch);
        var named = Assert.Single(request.Topics);
        Assert.Equal(0, Assert.Single(named.Partitions).Partition);
        Assert.Equal(15, named.Partitions[0].FetchOffset);
        var forgotten = Assert.Single(request.ForgottenTopicsData);
        Assert.Equal("u", forgotten.Topic);
        Assert.Equal([0], forgotten.Partitions);
        Assert.True(session.OnResponse(0, 77));
        Assert.Equal(2, session.Epoch);

        // Nothing changed: an empty incremental fetch (the broker fetches the session's partitions).
        request = new FetchRequest();
        session.Prepare(request, [Want("t", 0, 15), Want("t", 1, 20)], supported: true);
        Assert.Empty(request.Topics);
        Assert.Empty(request.ForgottenTopicsData);
        Assert.Equal(2, request.SessionEpoch);
        Assert.True(session.OnResponse(0, 77));
        Assert.Equal((1L, 2L, 0L), (session.FullFetches, session.IncrementalFetches, session.Resets));
    }

    [Theory]
    [InlineData(KafkaErrorCode.FetchSessionIdNotFound)]
    [InlineData(KafkaErrorCode.InvalidFetchSessionEpoch)]
    public void ASessionErrorFallsBackToAFullFetchThatReplacesTheOldSession(KafkaErrorCode error)
    {
        var session = new FetchSessionState();
        var request = new FetchRequest();
        session.Prepare(request, [Want("t", 0, 10), Want("t", 1, 20)], supported: true);
        session.OnResponse(0, 9);
        session.Prepare(new FetchRequest(), [Want("t", 0, 11), Want("t", 1, 20)], supported: true);

        Assert.False(session.OnResponse((short)error, 0));
        Assert.False(session.IsOpen);
        Assert.Equal(1, session.Resets);

        request = new FetchRequest();
        session.Prepare(request, [Want("t", 0, 11), Want("t", 1, 20)], supported: true);
        Assert.Equal(9, request.SessionId);
        Assert.Equal(0, request.SessionEpoch);
        Assert.Equal(2, request.Topics.Sum(t => t.Partitions.Count));
        Assert.True(session.OnResponse(0, 10));
        Assert.Equal(10, session.SessionId);
        Assert.Equal(1, session.Epoch);
    }

    [Fact]
    public void AFailedRequestOrABrokerWithoutSessionsMeansFullFetches()
    {
        var session = new FetchSessionState();
        session.Prepare(new FetchRequest(), [Want("t", 0, 1)], supported: true);
        Assert.True(session.OnResponse(0, 0));
        Assert.False(session.IsOpen);

        var request = new FetchRequest();
        session.Prepare(request, [Want("t", 0, 1)], supported: true);
        Assert.Equal(0, request.SessionEpoch);
        session.OnResponse(0, 5);
        session.Prepare(new FetchRequest(), [Want("t", 0, 2)], supported: true);
        session.Reset();
        request = new FetchRequest();
        session.Prepare(request, [Want("t", 0, 2)], supported: true);
        Assert.Equal((5, 0), (request.SessionId, request.SessionEpoch));

        request = new FetchRequest();
        session.Prepare(request, [Want("t", 0, 2)], supported: false);
        Assert.Equal((0, -1), (request.SessionId, request.SessionEpoch));
        Assert.Single(request.Topics);
    }

    [Fact]
    public void TheCloseRequestEndsTheSession()
    {
        var session = new FetchSessionState();
        session.Prepare(new FetchRequest(), [Want("t", 0, 1)], supported: true);
        session.OnResponse(0, 42);
        Assert.True(session.ShouldClose(0));
        Assert.False(session.ShouldClose(1));

        var close = session.CloseRequest(new FetchRequest { MaxWaitMs = 500 });
        Assert.Equal((42, -1, 0), (close.SessionId, close.SessionEpoch, close.MaxWaitMs));
        Assert.Empty(close.Topics);
        Assert.False(session.IsOpen);
        Assert.Equal(0, session.SessionId);
    }

    private static (TopicPartition, FetchRequest.FetchPartition) Want(string topic, int partition, long offset) =>
        (new TopicPartition(topic, partition), new FetchRequest.FetchPartition { Partition = partition, FetchOffset = offset, PartitionMaxBytes = 1000 });
}
