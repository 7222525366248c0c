// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers.Binary;
using Granary.IntegrationTests.Infrastructure;
using Granary.IntegrationTests.Topics;
using Granary.Protocol;
using Granary.Protocol.Compression;
using Granary.Protocol.Messages;
using Granary.Protocol.Records;
using Granary.Storage.IO;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Granary.IntegrationTests.DataPath;

/// <summary>Produce's timeout_ms for acks=all, and Produce v0-v2 (legacy message sets) converted to v2 batches.</summary>
public sealed class ProduceTimeoutAndLegacyTests
{
    [Fact]
    public async Task Acks_all_answers_request_timed_out_when_durability_does_not_arrive_within_timeout_ms()
    {
        using var device = new SlowFlushDevice(path => path.Contains($"{Path.DirectorySeparatorChar}slow-0{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        await using var silo = await InProcessSilo.StartAsync(configureServices: s => s.AddSingleton<IStorageDevice>(device));
        await AdminCalls.CreateAsync(silo.Port, 5, false, AdminCalls.Topic("slow", 1));
        await using var client = await KafkaTestClient.ConnectAsync(silo.Port);
        Assert.Equal(0, (await ProduceAsync(client, "slow", V2Batch("warm"), acks: -1, timeoutMs: 30_000)).ErrorCode);

        device.Hold();
        var timedOut = await ProduceAsync(client, "slow", V2Batch("late"), acks: -1, timeoutMs: 200);
        Assert.Equal((short)KafkaErrorCode.RequestTimedOut, timedOut.ErrorCode);
        Assert.Contains("timeout_ms", timedOut.ErrorMessage, StringComparison.Ordinal);

        device.Release();
        var after = await ProduceAsync(client, "slow", V2Batch("after"), acks: -1, timeoutMs: 30_000);
        Assert.Equal((0, 2L), (after.ErrorCode, after.BaseOffset));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    public async Task Produce_v0_to_v2_message_sets_are_stored_as_v2_batches(short version, byte magic)
    {
        await using var silo = await InProcessSilo.StartAsync();
        await AdminCalls.CreateAsync(silo.Port, 5, false, AdminCalls.Topic("legacy", 1));
        await using var client = await KafkaTestClient.ConnectAsync(silo.Port);

        byte[] set = [.. Message(0, magic, 1_700_000_000_000, "k0", "v0"), .. Message(1, magic, 1_700_000_000_001, null, "v1")];
        var first = await ProduceAsync(client, "legacy", set, acks: -1, timeoutMs: 30_000, version: version);
        var second = await ProduceAsync(client, "legacy", Message(0, magic, 1_700_000_000_002, "k2", "v2"), acks: -1, timeoutMs: 30_000, version: version);
        Assert.Equal((0, 0L), (first.ErrorCode, first.BaseOffset));
        Assert.Equal((0, 2L), (second.ErrorCode, second.BaseOffset));

        var corrupt = Message(0, magic, 1_700_000_000_003, "k", "bad");
        corrupt[^1] ^= 0x55;
        Assert.Equal((short)KafkaErrorCode.CorruptMessage, (await ProduceAsync(client, "legacy", corrupt, acks: -1, timeoutMs: 30_000, version: version)).ErrorCode);

        var fetched = await client.SendAsync<FetchResponse>(new FetchRequest
        {
            MaxBytes = 1 << 20,
            SessionEpoch = -1,
            Topics = [new() { Topic = "legacy", Partitions = [new() { Partition = 0, PartitionMaxBytes = 1 << 20 }] }],
        }, 11);
        var values = new List<(long Offset, long Timestamp, string? Key, string Value)>();
        var span = fetched.Responses.Single().Partitions.Single().Records!.Value.Span;
        while (span.Length >= RecordBatchHeader.Size)
        {
            var header = RecordBatchHeader.Read(span);
            Assert.Equal(2, span[RecordBatchHeader.MagicOffset]);
            using var reader = RecordBatchReader.Open(span[..header.TotalSize]);
            foreach (var record in reader)
            {
                values.Add((record.Offset, record.Timestamp, record.IsKeyNull ? null : System.Text.Encoding.ASCII.GetString(record.Key), System.Text.Encoding.ASCII.GetString(record.Value)));
            }

            span = span[header.TotalSize..];
        }

        // v0 messages carry no timestamp (-1); v1 keep theirs.
        long Time(long t) => magic == 0 ? -1 : t;
        var expected = new List<(long Offset, long Timestamp, string? Key, string Value)>
        {
            (0, Time(1_700_000_000_000), "k0", "v0"),
            (1, Time(1_700_000_000_001), null, "v1"),
            (2, Time(1_700_000_000_002), "k2", "v2"),
        };
        Assert.Equal(expected, values);
    }

    private static byte[] V2Batch(string value)
    {
        using var builder = new RecordBatchBuilder(CompressionType.None);
        builder.Append(1_700_000_000_000, (byte[]?)null, System.Text.Encoding.ASCII.GetBytes(value));
        return builder.ToArray();
    }

    /// <summary>One legacy message-set entry: offset, size, then crc (IEEE), magic, attributes, [timestamp], key, value.</summary>
    private static byte[] Message(long offset, byte magic, long timestamp, string? key, string value)
    {
        var keyBytes = key is null ? null : System.Text.Encoding.ASCII.GetBytes(key);
        var valueBytes = System.Text.Encoding.ASCII.GetBytes(value);
        var bodyLength = 2 + (magic == 1 ? 8 : 0) + 4 + (keyBytes?.Length ?? 0) + 4 + valueBytes.Length;
        var entry = new byte[12 + 4 + bodyLength];
        BinaryPrimitives.WriteInt64BigEndian(entry, offset);
        BinaryPrimitives.WriteInt32BigEndian(entry.AsSpan(8), 4 + bodyLength);
        var at = 16;
        entry[at++] = magic;
        entry[at++] = 0;
        if (magic == 1)
        {
            BinaryPrimitives.WriteInt64BigEndian(entry.AsSpan(at), timestamp);
            at += 8;
        }

        BinaryPrimitives.WriteInt32BigEndian(entry.AsSpan(at), keyBytes?.Length ?? -1);
        at += 4;
        keyBytes?.CopyTo(entry, at);
        at += keyBytes?.Length ?? 0;
        BinaryPrimitives.WriteInt32BigEndian(entry.AsSpan(at), valueBytes.Length);
        at += 4;
        valueBytes.CopyTo(entry, at);
        BinaryPrimitives.WriteUInt32BigEndian(entry.AsSpan(12), Crc32Ieee.Compute(entry.AsSpan(16)));
        return entry;
    }

    private static async Task<ProduceResponse.PartitionProduceResponse> ProduceAsync(KafkaTestClient client, string topic, byte[] records, short acks, int timeoutMs, short version = 8)
    {
        var response = await client.SendAsync<ProduceResponse>(new ProduceRequest
        {
            Acks = acks,
            TimeoutMs = timeoutMs,
            TopicData = [new() { Name = topic, PartitionData = [new() { Index = 0, Records = records }] }],
        }, version);
        return response.Responses.Single().PartitionResponses.Single();
    }
}
