// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Globalization;
using Granary.IntegrationTests.Infrastructure;
using Granary.Protocol;
using Granary.Protocol.Messages;
using Granary.Protocol.Records;
using Xunit;

namespace Granary.IntegrationTests.DataPath;

/// <summary>Produce, Fetch, ListOffsets, DeleteRecords and InitProducerId against a real silo child process.</summary>
public sealed class DataPathTests
{
    private const long Now = 1_700_000_000_000;

    [Fact]
    public async Task Produced_batches_are_fetched_back_byte_for_byte_with_assigned_offsets()
    {
        using var dir = new TempDirectory();
        await KafkaTestClient.CreateTopicAsync(dir.Path, "orders", 2);
        await using var silo = await SiloProcess.StartAsync(dir.Path);
        await using var client = await KafkaTestClient.ConnectAsync(silo.Port);

        var first = Batch(3, "a", CompressionType.None);
        var second = Batch(2, "b", CompressionType.Gzip);
        var r1 = await ProduceAsync(client, "orders", 1, first, acks: -1, version: 7);
        var r2 = await ProduceAsync(client, "orders", 1, second, acks: 1, version: 9);
        Assert.Equal((0, 0L), (r1.ErrorCode, r1.BaseOffset));
        Assert.Equal((0, 3L), (r2.ErrorCode, r2.BaseOffset));

        var fetched = await FetchAsync(client, "orders", 1, 0, maxWaitMs: 5000, version: 11);
        Assert.Equal(0, fetched.ErrorCode);
        Assert.Equal(5, fetched.HighWatermark);
        Assert.Equal(0, fetched.LogStartOffset);
        var bytes = fetched.Records!.Value.ToArray();
        Assert.Equal(first.Length + second.Length, bytes.Length);

        // Stored bytes go out as they are: only baseOffset and partitionLeaderEpoch (outside the CRC) were patched.
        var expectedSecond = (byte[])second.Clone();
        RecordBatchHeader.PatchBaseOffset(expectedSecond, 3);
        RecordBatchHeader.PatchPartitionLeaderEpoch(expectedSecond, 0);
        Assert.Equal(expectedSecond, bytes[first.Length..]);
        Assert.Equal(RecordBatchValidation.Valid, RecordBatchHeader.TryRead(bytes.AsSpan(first.Length), out _, verifyCrc: true));

        var other = await FetchAsync(client, "orders", 0, 0, maxWaitMs: 0, version: 4);
        Assert.Equal((0, 0L), (other.ErrorCode, other.HighWatermark));
        Assert.True(other.Records is null || other.Records.Value.Length == 0);
    }

    [Fact]
    public async Task Per_partition_errors_and_acks_zero()
    {
        using var dir = new TempDirectory();
        await KafkaTestClient.CreateTopicAsync(dir.Path, "t", 1);
        await using var silo = await SiloProcess.StartAsync(dir.Path);
        await using var client = await KafkaTestClient.ConnectAsync(silo.Port);

        Assert.Equal((short)KafkaErrorCode.UnknownTopicOrPartition, (await ProduceAsync(client, "nope", 0, Batch(1, "x"), -1)).ErrorCode);
        Assert.Equal((short)KafkaErrorCode.UnknownTopicOrPartition, (await ProduceAsync(client, "t", 5, Batch(1, "x"), -1)).ErrorCode);
        Assert.Equal((short)KafkaErrorCode.InvalidRequiredAcks, (await ProduceAsync(client, "t", 0, Batch(1, "x"), 2)).ErrorCode);
        var corrupt = Batch(1, "x");
        corrupt[^1] ^= 0x55;
        Assert.Equal((short)KafkaErrorCode.CorruptMessage, (await ProduceAsync(client, "t", 0, corrupt, -1)).ErrorCode);
        Assert.Equal((short)KafkaErrorCode.OffsetOutOfRange, (await FetchAsync(client, "t", 0, 7, 0)).ErrorCode);
        Assert.Equal((short)KafkaErrorCode.UnknownTopicOrPartition, (await FetchAsync(client, "nope", 0, 0, 0)).ErrorCode);

        // acks=0: no response; the next response on the connection belongs to the next request.
        var produce = ProduceRequest("t", 0, Batch(2, "silent"), 0);
        await client.SendOnlyAsync(produce, 7);
        // The next response on the connection is ListOffsets'; the HighWatermark reaches 2 once the append is durable.
        var offsets = await ListOffsetAsync(client, "t", 0, -1);
        for (var i = 0; i < 200 && offsets.Offset < 2; i++)
        {
            await Task.Delay(25);
            offsets = await ListOffsetAsync(client, "t", 0, -1);
        }

        Assert.Equal(0, offsets.ErrorCode);
        Assert.Equal(2, offsets.Offset);
    }

    [Fact]
    public async Task Pipelined_produce_requests_are_stored_intact_although_their_frames_are_pooled_and_reused()
    {
        // The broker appends straight from each request frame (no copy) and the frame goes back to a pool when the
        // request is done. Many same-sized requests sent back to back, acks=0 and acks=1 mixed, make the pool hand
        // out the same buffers again at once: a frame released before its append was written would show up here as
        // another request's bytes stored under this one's offsets.
        using var dir = new TempDirectory();
        await KafkaTestClient.CreateTopicAsync(dir.Path, "pipelined", 1);
        await using var silo = await SiloProcess.StartAsync(dir.Path);
        await using var client = await KafkaTestClient.ConnectAsync(silo.Port);

        const int Requests = 60;
        var batches = Enumerable.Range(0, Requests).Select(i => Batch(20, "request-" + i.ToString("D3", CultureInfo.InvariantCulture) + "-")).ToList();
        var acknowledged = new List<ProduceRequest>();
        for (var i = 0; i < Requests; i++)
        {
            var acks = (short)(i % 3 == 0 ? 1 : 0);
            var request = ProduceRequest("pipelined", 0, batches[i], acks);
            await client.SendOnlyAsync(request, 7);
            if (acks != 0)
            {
                acknowledged.Add(request);
            }
        }

        foreach (var request in acknowledged)
        {
            var response = await client.ReceiveAsync<ProduceResponse>(request, 7);
            Assert.Equal(0, response.Responses[0].PartitionResponses[0].ErrorCode);
        }

        var stored = new List<byte>();
        var offset = 0L;
        for (var attempt = 0; attempt < 200 && offset < Requests * 20; attempt++)
        {
            var fetched = await FetchAsync(client, "pipelined", 0, offset, maxWaitMs: 500);
            Assert.Equal(0, fetched.ErrorCode);
            var bytes = fetched.Records?.ToArray() ?? [];
            for (var position = 0; position + RecordBatchHeader.Size <= bytes.Length;)
            {
                var header = RecordBatchHeader.Read(bytes.AsSpan(position));
                if (position + header.TotalSize > bytes.Length)
                {
                    break;
                }

                stored.AddRange(bytes.AsSpan(position, header.TotalSize).ToArray());
                offset = header.NextOffset;
                position += header.TotalSize;
            }
        }

        Assert.Equal(Requests * 20L, offset);
        var expected = new List<byte>();
        for (var i = 0; i < Requests; i++)
        {
            var batch = (byte[])batches[i].Clone();
            RecordBatchHeader.PatchBaseOffset(batch, i * 20L);
            RecordBatchHeader.PatchPartitionLeaderEpoch(batch, 0);
            expected.AddRange(batch);
        }

        Assert.Equal(expected.ToArray(), stored.ToArray());
    }

    [Fact]
    public async Task A_waiting_fetch_is_answered_when_another_connection_produces()
    {
        using var dir = new TempDirectory();
        await KafkaTestClient.CreateTopicAsync(dir.Path, "t", 1);
        await using var silo = await SiloProcess.StartAsync(dir.Path);
        await using var consumer = await KafkaTestClient.ConnectAsync(silo.Port);
        await using var producer = await KafkaTestClient.ConnectAsync(silo.Port);

        var fetch = FetchRequest("t", 0, 0, maxWaitMs: 25_000);
        await consumer.SendOnlyAsync(fetch, 11);
        var produced = await ProduceAsync(producer, "t", 0, Batch(1, "wake"), -1);
        Assert.Equal(0, produced.ErrorCode);

        var response = await consumer.ReceiveAsync<FetchResponse>(fetch, 11);
        var partition = response.Responses.Single().Partitions.Single();
        Assert.Equal(1, partition.HighWatermark);
        Assert.True(partition.Records!.Value.Length > RecordBatchHeader.Size);
    }

    [Fact]
    public async Task List_offsets_and_delete_records()
    {
        using var dir = new TempDirectory();
        await KafkaTestClient.CreateTopicAsync(dir.Path, "t", 1);
        await using var silo = await SiloProcess.StartAsync(dir.Path);
        await using var client = await KafkaTestClient.ConnectAsync(silo.Port);
        await ProduceAsync(client, "t", 0, Batch(3, "a", timestamp: Now), -1);
        await ProduceAsync(client, "t", 0, Batch(3, "b", timestamp: Now + 10_000), -1);

        Assert.Equal(0, (await ListOffsetAsync(client, "t", 0, -2)).Offset);
        Assert.Equal(6, (await ListOffsetAsync(client, "t", 0, -1)).Offset);
        var byTime = await ListOffsetAsync(client, "t", 0, Now + 5_000);
        Assert.Equal((3L, Now + 10_000), (byTime.Offset, byTime.Timestamp));
        var max = await ListOffsetAsync(client, "t", 0, -3, version: 7);
        Assert.Equal(Now + 10_002, max.Timestamp);
        Assert.Equal((short)KafkaErrorCode.UnknownTopicOrPartition, (await ListOffsetAsync(client, "x", 0, -1)).ErrorCode);

        var delete = await client.SendAsync<DeleteRecordsResponse>(
            new DeleteRecordsRequest { Topics = [new() { Name = "t", Partitions = [new() { PartitionIndex = 0, Offset = 4 }] }], TimeoutMs = 5000 }, 1);
        var deleted = delete.Topics.Single().Partitions.Single();
        Assert.Equal((0, 4L), (deleted.ErrorCode, deleted.LowWatermark));
        Assert.Equal(4, (await ListOffsetAsync(client, "t", 0, -2)).Offset);
    }

    [Fact]
    public async Task Idempotent_producer_retries_are_deduplicated_across_a_silo_restart()
    {
        using var dir = new TempDirectory();
        await KafkaTestClient.CreateTopicAsync(dir.Path, "t", 1);
        long producerId;
        {
            await using var silo = await SiloProcess.StartAsync(dir.Path);
            await using var client = await KafkaTestClient.ConnectAsync(silo.Port);
            var init = await client.SendAsync<InitProducerIdResponse>(new InitProducerIdRequest { TransactionalId = null, TransactionTimeoutMs = 60_000 }, 1);
            Assert.Equal(0, init.ErrorCode);
            Assert.True(init.ProducerId >= 0);
            Assert.Equal(0, init.ProducerEpoch);
            producerId = init.ProducerId;

            var txn = await client.SendAsync<InitProducerIdResponse>(new InitProducerIdRequest { TransactionalId = "tx", TransactionTimeoutMs = 60_000 }, 1);
            Assert.Equal((short)KafkaErrorCode.TransactionalIdAuthorizationFailed, txn.ErrorCode);

            Assert.Equal(0, (await ProduceAsync(client, "t", 0, Batch(2, "a", producerId: producerId, sequence: 0), -1)).BaseOffset);
            Assert.Equal(2, (await ProduceAsync(client, "t", 0, Batch(2, "b", producerId: producerId, sequence: 2), -1)).BaseOffset);
            Assert.Equal((short)KafkaErrorCode.OutOfOrderSequenceNumber, (await ProduceAsync(client, "t", 0, Batch(1, "c", producerId: producerId, sequence: 7), -1)).ErrorCode);
            Assert.Equal(0, await silo.TerminateAsync());
        }

        await using var restarted = await SiloProcess.StartAsync(dir.Path);
        await using var again = await KafkaTestClient.ConnectAsync(restarted.Port);
        var retry = await ProduceAsync(again, "t", 0, Batch(2, "b", producerId: producerId, sequence: 2), -1);
        Assert.Equal((0, 2L), (retry.ErrorCode, retry.BaseOffset));
        Assert.Equal(4, (await ProduceAsync(again, "t", 0, Batch(1, "c", producerId: producerId, sequence: 4), -1)).BaseOffset);
        var next = await again.SendAsync<InitProducerIdResponse>(new InitProducerIdRequest { TransactionalId = null, TransactionTimeoutMs = 60_000 }, 4);
        Assert.NotEqual(producerId, next.ProducerId);
    }

    internal static byte[] Batch(int count, string prefix, CompressionType compression = CompressionType.None, long timestamp = -1, long producerId = -1, int sequence = -1)
    {
        using var builder = new RecordBatchBuilder(compression)
        {
            ProducerId = producerId,
            ProducerEpoch = (short)(producerId >= 0 ? 0 : -1),
            BaseSequence = sequence,
        };
        var ts = timestamp >= 0 ? timestamp : Now;
        for (var i = 0; i < count; i++)
        {
            builder.Append(ts + i, System.Text.Encoding.UTF8.GetBytes("k" + i), System.Text.Encoding.UTF8.GetBytes(prefix + i));
        }

        return builder.ToArray();
    }

    private static ProduceRequest ProduceRequest(string topic, int partition, byte[] batch, short acks) => new()
    {
        Acks = acks,
        TimeoutMs = 30_000,
        TopicData = [new() { Name = topic, PartitionData = [new() { Index = partition, Records = batch }] }],
    };

    private static async Task<ProduceResponse.PartitionProduceResponse> ProduceAsync(KafkaTestClient client, string topic, int partition, byte[] batch, short acks, short version = 7)
    {
        var response = await client.SendAsync<ProduceResponse>(ProduceRequest(topic, partition, batch, acks), version);
        return response.Responses.Single().PartitionResponses.Single();
    }

    private static FetchRequest FetchRequest(string topic, int partition, long offset, int maxWaitMs) => new()
    {
        MaxWaitMs = maxWaitMs,
        MinBytes = 1,
        MaxBytes = 1 << 20,
        SessionEpoch = -1,
        Topics = [new() { Topic = topic, Partitions = [new() { Partition = partition, FetchOffset = offset, PartitionMaxBytes = 1 << 20 }] }],
    };

    private static async Task<FetchResponse.PartitionData> FetchAsync(KafkaTestClient client, string topic, int partition, long offset, int maxWaitMs, short version = 11)
    {
        var response = await client.SendAsync<FetchResponse>(FetchRequest(topic, partition, offset, maxWaitMs), version);
        Assert.Equal(0, response.ErrorCode);
        return response.Responses.Single().Partitions.Single();
    }

    private static async Task<ListOffsetsResponse.ListOffsetsPartitionResponse> ListOffsetAsync(KafkaTestClient client, string topic, int partition, long timestamp, short version = 5)
    {
        var response = await client.SendAsync<ListOffsetsResponse>(
            new ListOffsetsRequest { ReplicaId = -1, Topics = [new() { Name = topic, Partitions = [new() { PartitionIndex = partition, Timestamp = timestamp }] }] }, version);
        return response.Topics.Single().Partitions.Single();
    }
}
