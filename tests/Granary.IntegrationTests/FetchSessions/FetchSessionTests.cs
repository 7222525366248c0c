// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.IntegrationTests.DataPath;
using Granary.IntegrationTests.Infrastructure;
using Granary.IntegrationTests.Topics;
using Granary.Protocol;
using Granary.Protocol.Messages;
using Granary.Protocol.Records;
using Xunit;

namespace Granary.IntegrationTests.FetchSessions;

/// <summary>Fetch sessions (KIP-227) over the raw protocol against an in-process silo.</summary>
public sealed class FetchSessionTests
{
    private const short Version = 12;

    [Fact]
    public async Task A_full_fetch_creates_a_session_and_incremental_fetches_return_only_partitions_with_news()
    {
        await using var silo = await InProcessSilo.StartAsync();
        await AdminCalls.CreateAsync(silo.Port, 5, false, AdminCalls.Topic("s", 3));
        await using var client = await KafkaTestClient.ConnectAsync(silo.Port);
        await ProduceAsync(client, "s", 0, 2);
        await ProduceAsync(client, "s", 1, 1);

        var full = await client.SendAsync<FetchResponse>(Fetch(0, 0, ("s", 0, 0), ("s", 1, 0), ("s", 2, 0)), Version);
        Assert.Equal(0, full.ErrorCode);
        Assert.NotEqual(0, full.SessionId);
        Assert.Equal([0, 1, 2], full.Responses.Single().Partitions.Select(p => p.PartitionIndex));
        Assert.Equal([2L, 1L, 0L], full.Responses.Single().Partitions.Select(p => p.HighWatermark));

        // The client moves its positions past what it got; nothing else changed, so the incremental answer is empty.
        var quiet = await client.SendAsync<FetchResponse>(Fetch(full.SessionId, 1, 0, [("s", 0, 2), ("s", 1, 1)]), Version);
        Assert.Equal((0, full.SessionId), (quiet.ErrorCode, quiet.SessionId));
        Assert.Empty(quiet.Responses);

        // Partition 2 gets a record: only it comes back, read from the offset the session remembers (0).
        await ProduceAsync(client, "s", 2, 3);
        var news = await client.SendAsync<FetchResponse>(Fetch(full.SessionId, 2, maxWaitMs: 0, partitions: []), Version);
        var only = Assert.Single(Assert.Single(news.Responses).Partitions);
        Assert.Equal((2, 3L), (only.PartitionIndex, only.HighWatermark));
        Assert.Equal(3, RecordCount(only));

        // The client moves partition 2 past its records and forgets partition 1: nothing to say, and partition 1's
        // later records are not the session's business any more.
        var moved = await client.SendAsync<FetchResponse>(Fetch(full.SessionId, 3, 0, [("s", 2, 3)], forget: ("s", 1)), Version);
        Assert.Empty(moved.Responses);
        await ProduceAsync(client, "s", 1, 1);
        await ProduceAsync(client, "s", 0, 1);
        var after = await client.SendAsync<FetchResponse>(Fetch(full.SessionId, 4, maxWaitMs: 0, partitions: []), Version);
        var p0 = Assert.Single(Assert.Single(after.Responses).Partitions);
        Assert.Equal((0, 3L), (p0.PartitionIndex, p0.HighWatermark));
        Assert.Equal(1, RecordCount(p0));
    }

    [Fact]
    public async Task Incremental_fetch_long_polls_on_the_session_partitions_and_wakes_on_an_append()
    {
        await using var silo = await InProcessSilo.StartAsync();
        await AdminCalls.CreateAsync(silo.Port, 5, false, AdminCalls.Topic("w", 2));
        await using var client = await KafkaTestClient.ConnectAsync(silo.Port);
        await using var producer = await KafkaTestClient.ConnectAsync(silo.Port);
        var full = await client.SendAsync<FetchResponse>(Fetch(0, 0, ("w", 0, 0), ("w", 1, 0)), Version);

        var request = Fetch(full.SessionId, 1, maxWaitMs: 60_000, partitions: []);
        var pending = client.SendAsync<FetchResponse>(request, Version);
        await ProduceAsync(producer, "w", 1, 2);
        var woken = await pending.WaitAsync(TimeSpan.FromSeconds(30));
        var partition = Assert.Single(Assert.Single(woken.Responses).Partitions);
        Assert.Equal((1, 2L), (partition.PartitionIndex, partition.HighWatermark));
    }

    [Fact]
    public async Task Unknown_session_wrong_epoch_and_closed_sessions_get_kafkas_errors_and_sessionless_fetch_still_works()
    {
        await using var silo = await InProcessSilo.StartAsync();
        await AdminCalls.CreateAsync(silo.Port, 5, false, AdminCalls.Topic("e", 1));
        await using var client = await KafkaTestClient.ConnectAsync(silo.Port);
        await ProduceAsync(client, "e", 0, 1);

        var unknown = await client.SendAsync<FetchResponse>(Fetch(12345, 1, maxWaitMs: 0, partitions: []), Version);
        Assert.Equal((short)KafkaErrorCode.FetchSessionIdNotFound, unknown.ErrorCode);
        Assert.Equal(0, unknown.SessionId);

        var full = await client.SendAsync<FetchResponse>(Fetch(0, 0, ("e", 0, 0)), Version);
        Assert.NotEqual(0, full.SessionId);
        var wrongEpoch = await client.SendAsync<FetchResponse>(Fetch(full.SessionId, 5, maxWaitMs: 0, partitions: []), Version);
        Assert.Equal((short)KafkaErrorCode.InvalidFetchSessionEpoch, wrongEpoch.ErrorCode);
        var next = await client.SendAsync<FetchResponse>(Fetch(full.SessionId, 1, 0, [("e", 0, 1)]), Version);
        Assert.Equal(0, next.ErrorCode);
        var replayed = await client.SendAsync<FetchResponse>(Fetch(full.SessionId, 1, maxWaitMs: 0, partitions: []), Version);
        Assert.Equal((short)KafkaErrorCode.InvalidFetchSessionEpoch, replayed.ErrorCode);

        // Epoch -1 with the session's id closes it and answers sessionless (session id 0) with every partition.
        var closing = await client.SendAsync<FetchResponse>(Fetch(full.SessionId, -1, ("e", 0, 0)), Version);
        Assert.Equal((0, 0), (closing.ErrorCode, closing.SessionId));
        Assert.Equal(1, RecordCount(closing.Responses.Single().Partitions.Single()));
        var gone = await client.SendAsync<FetchResponse>(Fetch(full.SessionId, 2, maxWaitMs: 0, partitions: []), Version);
        Assert.Equal((short)KafkaErrorCode.FetchSessionIdNotFound, gone.ErrorCode);

        // Fetch v6 knows no sessions at all.
        var old = await client.SendAsync<FetchResponse>(Fetch(0, -1, ("e", 0, 0)), 6);
        Assert.Equal(1, RecordCount(old.Responses.Single().Partitions.Single()));
    }

    [Fact]
    public async Task A_full_cache_evicts_the_least_recently_used_session()
    {
        await using var silo = await InProcessSilo.StartAsync(["--override", "max.incremental.fetch.session.cache.slots=2"]);
        await AdminCalls.CreateAsync(silo.Port, 5, false, AdminCalls.Topic("l", 1));
        await using var client = await KafkaTestClient.ConnectAsync(silo.Port);

        var first = (await client.SendAsync<FetchResponse>(Fetch(0, 0, ("l", 0, 0)), Version)).SessionId;
        var second = (await client.SendAsync<FetchResponse>(Fetch(0, 0, ("l", 0, 0)), Version)).SessionId;

        // Using the first makes the second the least recently used one; a third session evicts it.
        Assert.Equal(0, (await client.SendAsync<FetchResponse>(Fetch(first, 1, maxWaitMs: 0, partitions: []), Version)).ErrorCode);
        var third = (await client.SendAsync<FetchResponse>(Fetch(0, 0, ("l", 0, 0)), Version)).SessionId;
        Assert.NotEqual(0, third);

        Assert.Equal((short)KafkaErrorCode.FetchSessionIdNotFound, (await client.SendAsync<FetchResponse>(Fetch(second, 1, maxWaitMs: 0, partitions: []), Version)).ErrorCode);
        Assert.Equal(0, (await client.SendAsync<FetchResponse>(Fetch(first, 2, maxWaitMs: 0, partitions: []), Version)).ErrorCode);
        Assert.Equal(0, (await client.SendAsync<FetchResponse>(Fetch(third, 1, maxWaitMs: 0, partitions: []), Version)).ErrorCode);
    }

    [Fact]
    public async Task Zero_slots_disable_sessions_and_full_fetches_answer_sessionless()
    {
        await using var silo = await InProcessSilo.StartAsync(["--override", "max.incremental.fetch.session.cache.slots=0"]);
        await AdminCalls.CreateAsync(silo.Port, 5, false, AdminCalls.Topic("z", 1));
        await using var client = await KafkaTestClient.ConnectAsync(silo.Port);

        var full = await client.SendAsync<FetchResponse>(Fetch(0, 0, ("z", 0, 0)), Version);
        Assert.Equal((0, 0), (full.ErrorCode, full.SessionId));
        Assert.Single(full.Responses.Single().Partitions);
    }

    private static FetchRequest Fetch(int sessionId, int epoch, params (string Topic, int Partition, long Offset)[] partitions) =>
        Fetch(sessionId, epoch, 0, partitions);

    private static FetchRequest Fetch(int sessionId, int epoch, int maxWaitMs, (string Topic, int Partition, long Offset)[] partitions, (string Topic, int Partition)? forget = null) => new()
    {
        ReplicaId = -1,
        MaxWaitMs = maxWaitMs,
        MinBytes = 1,
        MaxBytes = 1 << 20,
        SessionId = sessionId,
        SessionEpoch = epoch,
        Topics = [.. partitions.GroupBy(p => p.Topic).Select(g => new FetchRequest.FetchTopic
        {
            Topic = g.Key,
            Partitions = [.. g.Select(p => new FetchRequest.FetchPartition { Partition = p.Partition, FetchOffset = p.Offset, PartitionMaxBytes = 1 << 20 })],
        })],
        ForgottenTopicsData = forget is { } f ? [new() { Topic = f.Topic, Partitions = [f.Partition] }] : [],
    };

    private static async Task ProduceAsync(KafkaTestClient client, string topic, int partition, int records)
    {
        using var builder = new RecordBatchBuilder(CompressionType.None);
        for (var i = 0; i < records; i++)
        {
            builder.Append(1_700_000_000_000 + i, (byte[]?)null, new[] { (byte)i });
        }

        var request = new ProduceRequest
        {
            Acks = -1,
            TimeoutMs = 30_000,
            TopicData = [new() { Name = topic, PartitionData = [new() { Index = partition, Records = builder.ToArray() }] }],
        };
        var response = await client.SendAsync<ProduceResponse>(request, 7);
        Assert.Equal(0, response.Responses.Single().PartitionResponses.Single().ErrorCode);
    }

    private static int RecordCount(FetchResponse.PartitionData partition)
    {
        var count = 0;
        var span = partition.Records is { } records ? records.Span : [];
        while (span.Length >= RecordBatchHeader.Size)
        {
            var header = RecordBatchHeader.Read(span);
            count += header.RecordCount;
            span = span[header.TotalSize..];
        }

        return count;
    }
}
