// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers.Binary;
using System.Text;
using Granary.IntegrationTests.Infrastructure;
using Granary.IntegrationTests.Topics;
using Granary.Protocol.Compression;
using Granary.Protocol.Messages;
using Granary.Protocol.Records;
using Xunit;

namespace Granary.IntegrationTests.DataPath;

/// <summary>Fetch v0-v3: v2 batches down-converted to message format v0 (Fetch v0-1) and v1 (Fetch v2-3).</summary>
public sealed class FetchLegacyVersionsTests
{
    private const long Time = 1_700_000_000_000;

    private static byte[] Batch(int first, int count, CompressionType compression)
    {
        using var builder = new RecordBatchBuilder(compression);
        for (var i = first; i < first + count; i++)
        {
            builder.Append(Time + i, i % 2 == 0 ? Encoding.ASCII.GetBytes($"k{i}") : null, Encoding.ASCII.GetBytes($"v{i}"), new RecordHeader("trace", [1, 2, 3]));
        }

        return builder.ToArray();
    }

    private static List<(long Offset, byte Magic, byte Attributes, long Timestamp, string? Key, string Value)> Parse(ReadOnlySpan<byte> set)
    {
        var messages = new List<(long, byte, byte, long, string?, string)>();
        while (set.Length >= 12)
        {
            var offset = BinaryPrimitives.ReadInt64BigEndian(set);
            var size = BinaryPrimitives.ReadInt32BigEndian(set[8..]);
            var message = set.Slice(12, size);
            Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(message), Crc32Ieee.Compute(message[4..]));
            var magic = message[4];
            var p = magic == 1 ? 14 : 6;
            var keyLength = BinaryPrimitives.ReadInt32BigEndian(message[p..]);
            var key = keyLength < 0 ? null : Encoding.ASCII.GetString(message.Slice(p + 4, keyLength));
            p += 4 + Math.Max(0, keyLength);
            var value = Encoding.ASCII.GetString(message.Slice(p + 4, BinaryPrimitives.ReadInt32BigEndian(message[p..])));
            messages.Add((offset, magic, message[5], magic == 1 ? BinaryPrimitives.ReadInt64BigEndian(message[6..]) : -1, key, value));
            set = set[(12 + size)..];
        }

        return messages;
    }

    private static async Task<FetchResponse.PartitionData> FetchAsync(KafkaTestClient client, short version, long offset, int partitionMaxBytes, int maxBytes = 1 << 20)
    {
        var response = await client.SendAsync<FetchResponse>(new FetchRequest
        {
            MaxWaitMs = 0,
            MinBytes = 1,
            MaxBytes = version >= 3 ? maxBytes : int.MaxValue,
            Topics = [new() { Topic = "old", Partitions = [new() { Partition = 0, FetchOffset = offset, PartitionMaxBytes = partitionMaxBytes }] }],
        }, version);
        return response.Responses.Single().Partitions.Single();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Fetch_v0_to_v3_returns_legacy_messages_without_headers_uncompressed(short version)
    {
        await using var silo = await InProcessSilo.StartAsync();
        await AdminCalls.CreateAsync(silo.Port, 5, false, AdminCalls.Topic("old", 1));
        await using var client = await KafkaTestClient.ConnectAsync(silo.Port);
        foreach (var (first, count, compression) in new[] { (0, 3, CompressionType.Gzip), (3, 2, CompressionType.None), (5, 3, CompressionType.Zstd) })
        {
            var produced = await client.SendAsync<ProduceResponse>(new ProduceRequest
            {
                Acks = -1,
                TimeoutMs = 30_000,
                TopicData = [new() { Name = "old", PartitionData = [new() { Index = 0, Records = Batch(first, count, compression) }] }],
            }, 8);
            Assert.Equal(0, produced.Responses.Single().PartitionResponses.Single().ErrorCode);
        }

        var data = await FetchAsync(client, version, offset: 1, partitionMaxBytes: 1 << 20);
        Assert.Equal(0, data.ErrorCode);
        Assert.Equal(8, data.HighWatermark);
        var messages = Parse(data.Records!.Value.Span);
        var magic = version <= 1 ? (byte)0 : (byte)1;
        Assert.Equal(Enumerable.Range(1, 7).Select(i => (long)i), messages.Select(m => m.Offset));
        Assert.All(messages, m => Assert.Equal((magic, (byte)0), (m.Magic, m.Attributes)));
        Assert.Equal([.. Enumerable.Range(1, 7).Select(i => $"v{i}")], messages.Select(m => m.Value));
        Assert.Equal([.. Enumerable.Range(1, 7).Select(i => i % 2 == 0 ? $"k{i}" : null)], messages.Select(m => m.Key));
        Assert.Equal([.. Enumerable.Range(1, 7).Select(i => magic == 1 ? Time + i : -1)], messages.Select(m => m.Timestamp));

        // A partition limit smaller than one message still returns that message whole; a bigger one stops at whole messages.
        var one = Parse((await FetchAsync(client, version, offset: 3, partitionMaxBytes: 1)).Records!.Value.Span);
        Assert.Equal([3L], one.Select(m => m.Offset));
        var size = LegacyMessageSetWriter.EntrySize(magic, 2, 2);
        var two = Parse((await FetchAsync(client, version, offset: 3, partitionMaxBytes: (2 * size) + 5)).Records!.Value.Span);
        Assert.Equal([3L, 4L], two.Select(m => m.Offset));
        if (version == 3)
        {
            var capped = Parse((await FetchAsync(client, version, offset: 0, partitionMaxBytes: 1 << 20, maxBytes: (3 * size) + 1)).Records!.Value.Span);
            Assert.Equal([0L, 1L, 2L], capped.Select(m => m.Offset));
        }
    }

    [Theory]
    [InlineData("0.9.0")]
    [InlineData("0.10.0")]
    public async Task Kcat_with_an_old_protocol_consumes_what_a_new_one_produced(string brokerVersion)
    {
        await using var silo = await InProcessSilo.StartAsync();
        await AdminCalls.CreateAsync(silo.Port, 5, false, AdminCalls.Topic("old", 1));
        var broker = $"127.0.0.1:{silo.Port}";
        var input = Path.Combine(silo.DataDirectory, "input.txt");
        await File.WriteAllTextAsync(input, "a:one\nb:two\nc:three\n");
        var (produceExit, produceOutput) = await Kcat.RunAsync("-P", "-b", broker, "-t", "old", "-K", ":", "-z", "snappy", "-H", "h=x", "-l", input);
        Assert.True(produceExit == 0, produceOutput);

        var (exit, output) = await Kcat.RunAsync(
            "-C", "-b", broker, "-t", "old", "-p", "0", "-o", "beginning", "-e", "-q",
            "-X", "api.version.request=false", "-X", $"broker.version.fallback={brokerVersion}",
            "-f", "%o %k %s %T\\n");
        Assert.True(exit == 0, output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("0 a one ", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("1 b two ", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("2 c three ", lines[2], StringComparison.Ordinal);

        // Fetch v0 (0.9.0) carries no timestamps; from 0.10.0 (Fetch v2, message format v1) the producer's are kept.
        var timestamp = long.Parse(lines[0].Split(' ')[3], System.Globalization.CultureInfo.InvariantCulture);
        if (brokerVersion == "0.9.0")
        {
            Assert.True(timestamp <= 0, output);
        }
        else
        {
            Assert.True(timestamp > 0, output);
        }
    }
}
