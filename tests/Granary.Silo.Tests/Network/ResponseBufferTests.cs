// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.IO.Pipelines;
using Granary.Protocol.Messages;
using Granary.Protocol.Primitives;
using Granary.Silo.Network;
using Xunit;

namespace Granary.Silo.Tests.Network;

public sealed class ResponseBufferTests
{
    public static TheoryData<short> FetchVersions => [4, 5, 7, 11, 12];

    [Theory]
    [MemberData(nameof(FetchVersions))]
    public async Task A_fetch_response_with_spliced_records_is_byte_for_byte_the_copied_encoding(short version)
    {
        var random = new Random(version);
        var first = Bytes(random, 3 * 1024 * 1024 + 17);
        var second = Bytes(random, 1000);
        var third = Bytes(random, 70_000);

        var expected = Encode(Response(first, second, third, r => r, version), version, new PooledBufferWriter());
        var released = new List<ArrayBytes>();
        using var spliced = new ResponseBuffer();
        Encode(Response(first, second, third, r => Track(new ArrayBytes(r), released).Memory, version), version, spliced);

        Assert.True(spliced.HasExternalBytes);
        Assert.Equal(expected.Length, spliced.WrittenCount);
        Assert.Equal(expected, spliced.ToArray());

        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0, minimumSegmentSize: 4096));
        Assert.True(await spliced.WriteToAsync(pipe.Writer, CancellationToken.None));
        await pipe.Writer.CompleteAsync();
        var sent = await ReadAllAsync(pipe.Reader);
        Assert.Equal(expected, sent);

        spliced.Dispose();
        Assert.Equal(3, released.Count);
        Assert.All(released, r => Assert.True(r.Released));
    }

    [Fact]
    public void External_bytes_read_by_a_writer_that_is_not_a_sink_are_copied_and_stay_unclaimed()
    {
        var content = Bytes(new Random(1), 5000);
        using var external = new ArrayBytes(content);
        var copied = Encode(Response(content, content, content, _ => external.Memory, 11), 11, new PooledBufferWriter());
        var plain = Encode(Response(content, content, content, r => r, 11), 11, new PooledBufferWriter());
        Assert.Equal(plain, copied);
        Assert.False(external.IsClaimed);
    }

    [Fact]
    public void A_response_without_external_bytes_exposes_its_memory()
    {
        using var buffer = new ResponseBuffer();
        new KafkaWriter(buffer).WriteInt32(42);
        Assert.False(buffer.HasExternalBytes);
        Assert.Equal([0, 0, 0, 42], buffer.WrittenMemory.ToArray());
    }

    private static ArrayBytes Track(ArrayBytes bytes, List<ArrayBytes> all)
    {
        all.Add(bytes);
        return bytes;
    }

    private static FetchResponse Response(byte[] first, byte[] second, byte[] third, Func<byte[], ReadOnlyMemory<byte>> records, short version) => new()
    {
        ThrottleTimeMs = 0,
        SessionId = version >= 7 ? 9 : 0,
        Responses =
        [
            new()
            {
                Topic = "a",
                Partitions =
                [
                    new() { PartitionIndex = 0, HighWatermark = 10, LastStableOffset = 10, LogStartOffset = 0, Records = records(first) },
                    new() { PartitionIndex = 1, ErrorCode = 1, HighWatermark = 5, LastStableOffset = 5, LogStartOffset = 0, Records = null },
                    new() { PartitionIndex = 2, HighWatermark = 7, LastStableOffset = 7, LogStartOffset = 0, AbortedTransactions = [], Records = records(second) },
                ],
            },
            new()
            {
                Topic = "b",
                Partitions = [new() { PartitionIndex = 3, HighWatermark = 70, LastStableOffset = 70, LogStartOffset = 1, Records = records(third) }],
            },
        ],
    };

    private static byte[] Encode<TWriter>(FetchResponse response, short version, TWriter output)
        where TWriter : System.Buffers.IBufferWriter<byte>
    {
        var writer = new KafkaWriter(output);
        new ResponseHeader { CorrelationId = 5 }.Write(writer, version >= 12 ? (short)1 : (short)0);
        response.Write(writer, version);
        return output is PooledBufferWriter pooled ? pooled.ToArray() : [];
    }

    private static async Task<byte[]> ReadAllAsync(PipeReader reader)
    {
        using var stream = new MemoryStream();
        await reader.CopyToAsync(stream);
        return stream.ToArray();
    }

    private static byte[] Bytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>External bytes over an array, recording that they were released.</summary>
    private sealed class ArrayBytes(byte[] content) : ExternalBytes(content.Length)
    {
        public bool Released { get; private set; }

        public override void Read(long offset, Span<byte> destination) => content.AsSpan((int)offset, destination.Length).CopyTo(destination);

        protected override void Release() => Released = true;
    }
}
