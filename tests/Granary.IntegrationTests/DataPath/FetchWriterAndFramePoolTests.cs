// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.IntegrationTests.Infrastructure;
using Granary.Protocol;
using Granary.Protocol.Messages;
using Granary.Protocol.Records;
using Xunit;

namespace Granary.IntegrationTests.DataPath;

/// <summary>
/// The hot path against a real silo process: Fetch responses whose record bytes the connection reads from the segment
/// files into its socket buffer, and Produce request frames larger than the frame pool's largest slot.
/// </summary>
public sealed class FetchWriterAndFramePoolTests
{
    // About 800 KB per batch: under max.message.bytes, and several of them exceed one pipe segment, the 1 MiB flush
    // step of the response writer and, in one request, the frame pool's largest slot (4 MiB).
    private static readonly string LargeValue = new('v', 1000);

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public async Task Multi_partition_fetch_returns_each_partitions_stored_bytes_with_an_error_partition_between_them(short version)
    {
        using var dir = new TempDirectory();
        await KafkaTestClient.CreateTopicAsync(dir.Path, "big", 3);
        await using var silo = await SiloProcess.StartAsync(dir.Path);
        await using var client = await KafkaTestClient.ConnectAsync(silo.Port);

        byte[][] p0 = [DataPathTests.Batch(800, LargeValue + "a"), DataPathTests.Batch(800, LargeValue + "b")];
        byte[][] p2 = [DataPathTests.Batch(800, LargeValue + "c"), DataPathTests.Batch(3, "small")];
        foreach (var batch in p0)
        {
            await ProduceAsync(client, [("big", 0, batch)]);
        }

        foreach (var batch in p2)
        {
            await ProduceAsync(client, [("big", 2, batch)]);
        }

        var response = await client.SendAsync<FetchResponse>(
            new FetchRequest
            {
                MaxWaitMs = 0,
                MinBytes = 1,
                MaxBytes = 16 << 20,
                SessionEpoch = -1,
                Topics =
                [
                    new()
                    {
                        Topic = "big",
                        Partitions =
                        [
                            new() { Partition = 0, FetchOffset = 0, PartitionMaxBytes = 8 << 20 },
                            new() { Partition = 1, FetchOffset = 50, PartitionMaxBytes = 8 << 20 },
                            new() { Partition = 2, FetchOffset = 0, PartitionMaxBytes = 8 << 20 },
                        ],
                    },
                ],
            },
            version);

        Assert.Equal(0, response.ErrorCode);
        var partitions = response.Responses.Single().Partitions;
        Assert.Equal([0, 1, 2], partitions.Select(p => p.PartitionIndex));
        Assert.Equal(Expected(p0), partitions[0].Records!.Value.ToArray());
        Assert.Equal(1600, partitions[0].HighWatermark);
        Assert.Equal((short)KafkaErrorCode.OffsetOutOfRange, partitions[1].ErrorCode);
        Assert.True(partitions[1].Records is null || partitions[1].Records!.Value.IsEmpty);
        Assert.Equal(Expected(p2), partitions[2].Records!.Value.ToArray());
        Assert.Equal(803, partitions[2].HighWatermark);

        // The connection is still in step after the large response: the next request is answered normally.
        var again = await client.SendAsync<FetchResponse>(
            new FetchRequest
            {
                MaxWaitMs = 0,
                MinBytes = 1,
                MaxBytes = 16 << 20,
                SessionEpoch = -1,
                Topics = [new() { Topic = "big", Partitions = [new() { Partition = 2, FetchOffset = 800, PartitionMaxBytes = 1 << 20 }] }],
            },
            version);
        Assert.Equal(Expected([p2[1]], baseOffset: 800), again.Responses.Single().Partitions.Single().Records!.Value.ToArray());
    }

    [Fact]
    public async Task A_produce_frame_larger_than_the_largest_pooled_slot_is_served_and_a_bad_frame_closes_only_its_connection()
    {
        using var dir = new TempDirectory();
        await KafkaTestClient.CreateTopicAsync(dir.Path, "wide", 6);
        await using var silo = await SiloProcess.StartAsync(dir.Path);
        await using var client = await KafkaTestClient.ConnectAsync(silo.Port);

        // One request of six ~800 KB batches: a ~4.8 MB frame, above the pool's 4 MiB slots.
        var batches = Enumerable.Range(0, 6).Select(i => DataPathTests.Batch(800, LargeValue + i)).ToArray();
        for (var round = 0; round < 2; round++)
        {
            var responses = await ProduceAsync(client, [.. batches.Select((b, i) => ("wide", i, b))]);
            Assert.All(responses, r => Assert.Equal((0, round * 800L), (r.ErrorCode, r.BaseOffset)));
        }

        await using (var hostile = await RawKafkaConnection.ConnectAsync(silo.Port))
        {
            await hostile.SendAsync(new byte[] { 0xFF, 0xFF, 0xFF, 0xF0, 1, 2, 3 });
            Assert.True(await hostile.IsClosedBySiloAsync());
        }

        var fetched = await client.SendAsync<FetchResponse>(
            new FetchRequest
            {
                MaxWaitMs = 0,
                MinBytes = 1,
                MaxBytes = 16 << 20,
                SessionEpoch = -1,
                Topics = [new() { Topic = "wide", Partitions = [new() { Partition = 5, FetchOffset = 0, PartitionMaxBytes = 8 << 20 }] }],
            },
            11);
        Assert.Equal(Expected([batches[5], batches[5]]), fetched.Responses.Single().Partitions.Single().Records!.Value.ToArray());
    }

    private static async Task<List<ProduceResponse.PartitionProduceResponse>> ProduceAsync(KafkaTestClient client, (string Topic, int Partition, byte[] Batch)[] data)
    {
        var request = new ProduceRequest
        {
            Acks = 1,
            TimeoutMs = 30_000,
            TopicData = [.. data.GroupBy(d => d.Topic).Select(g => new ProduceRequest.TopicProduceData
            {
                Name = g.Key,
                PartitionData = [.. g.Select(d => new ProduceRequest.PartitionProduceData { Index = d.Partition, Records = d.Batch })],
            })],
        };
        var response = await client.SendAsync<ProduceResponse>(request, 7);
        var partitions = response.Responses.SelectMany(t => t.PartitionResponses).ToList();
        Assert.All(partitions, p => Assert.Equal(0, p.ErrorCode));
        return partitions;
    }

    /// <summary>The batches as stored: consecutive base offsets from <paramref name="baseOffset"/>, leader epoch 0.</summary>
    private static byte[] Expected(byte[][] batches, long baseOffset = 0)
    {
        var expected = new List<byte>();
        var offset = baseOffset;
        foreach (var batch in batches)
        {
            var copy = (byte[])batch.Clone();
            RecordBatchHeader.PatchBaseOffset(copy, offset);
            RecordBatchHeader.PatchPartitionLeaderEpoch(copy, 0);
            offset += RecordBatchHeader.Read(copy).LastOffsetDelta + 1;
            expected.AddRange(copy);
        }

        return [.. expected];
    }
}
