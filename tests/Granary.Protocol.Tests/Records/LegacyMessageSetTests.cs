// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers.Binary;
using Granary.Protocol.Compression;
using Granary.Protocol.Primitives;
using Granary.Protocol.Records;
using Xunit;

namespace Granary.Protocol.Tests.Records;

public class LegacyMessageSetTests
{
    /// <summary>Lays out one v0/v1 entry by hand: offset, size, crc, magic, attributes, [timestamp], key, value.</summary>
    private static byte[] Entry(long offset, byte magic, byte attributes, long timestamp, byte[]? key, byte[]? value)
    {
        var body = new List<byte> { magic, attributes };
        if (magic == 1)
        {
            body.AddRange(BigEndian(timestamp));
        }

        foreach (var field in new[] { key, value })
        {
            body.AddRange(BigEndian(field?.Length ?? -1));
            body.AddRange(field ?? []);
        }

        var message = new List<byte>();
        message.AddRange(BigEndian(Crc32Ieee.Compute(body.ToArray())));
        message.AddRange(body);
        var entry = new List<byte>();
        entry.AddRange(BigEndian(offset));
        entry.AddRange(BigEndian(message.Count));
        entry.AddRange(message);
        return entry.ToArray();
    }

    private static byte[] BigEndian(long v)
    {
        var b = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(b, v);
        return b;
    }

    private static byte[] BigEndian(int v)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(b, v);
        return b;
    }

    private static byte[] BigEndian(uint v)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, v);
        return b;
    }

    private static List<(long Offset, long Timestamp, string? Key, string? Value)> ReadBack(byte[] batch)
    {
        var result = new List<(long, long, string?, string?)>();
        using var reader = RecordBatchReader.Open(batch);
        foreach (var r in reader)
        {
            result.Add((r.Offset, r.Timestamp, r.IsKeyNull ? null : System.Text.Encoding.ASCII.GetString(r.Key), r.IsValueNull ? null : System.Text.Encoding.ASCII.GetString(r.Value)));
        }

        return result;
    }

    private static byte[] A(string s) => System.Text.Encoding.ASCII.GetBytes(s);

    [Fact]
    public void UncompressedV0AndV1ConvertToV2()
    {
        var set = Entry(10, 0, 0, 0, A("k0"), A("v0"))
            .Concat(Entry(11, 1, 0, 5000, null, A("v1")))
            .Concat(Entry(13, 1, 0, 5001, A("k2"), null)).ToArray();
        var batch = LegacyMessageSet.ConvertToV2(set);
        Assert.Equal(
            [(10L, -1L, "k0", "v0"), (11L, 5000L, null, "v1"), (13L, 5001L, "k2", null)],
            ReadBack(batch));
    }

    [Fact]
    public void RepeatedOffsetsFromOldProducersBecomeConsecutive()
    {
        var set = Entry(0, 1, 0, 1, A("a"), A("1")).Concat(Entry(0, 1, 0, 2, A("b"), A("2"))).Concat(Entry(0, 1, 0, 3, A("c"), A("3"))).ToArray();
        Assert.Equal([0L, 1, 2], ReadBack(LegacyMessageSet.ConvertToV2(set)).Select(r => r.Offset));
    }

    [Fact]
    public void CompressedV1WrapperWithRelativeInnerOffsetsConverts()
    {
        var inner = Entry(0, 1, 0, 100, A("a"), A("x")).Concat(Entry(1, 1, 0, 101, A("b"), A("y"))).Concat(Entry(2, 1, 0, 102, A("c"), A("z"))).ToArray();
        using var gz = new PooledBufferWriter();
        GzipCodec.Instance.Compress(inner, gz);

        // The wrapper's offset is the absolute offset of the last inner message.
        var set = Entry(52, 1, (byte)CompressionType.Gzip, 102, null, gz.WrittenSpan.ToArray());
        var records = ReadBack(LegacyMessageSet.ConvertToV2(set, CompressionType.Lz4));
        Assert.Equal([(50L, 100L, "a", "x"), (51L, 101L, "b", "y"), (52L, 102L, "c", "z")], records);

        // With LogAppendTime on the wrapper, every inner message takes the wrapper's timestamp.
        var lat = Entry(52, 1, (byte)CompressionType.Gzip | 0x08, 9999, null, gz.WrittenSpan.ToArray());
        Assert.All(ReadBack(LegacyMessageSet.ConvertToV2(lat)), r => Assert.Equal(9999L, r.Timestamp));
    }

    [Fact]
    public void V0Lz4WrapperWithTheKafka3160HeaderChecksumConverts()
    {
        var inner = Entry(7, 0, 0, 0, A("a"), A("x")).Concat(Entry(8, 0, 0, 0, A("b"), A("y"))).ToArray();
        using var lz4 = new PooledBufferWriter();
        Lz4Frame.Compress(inner, lz4);
        var frame = lz4.WrittenSpan.ToArray();

        // The broken writer hashed the magic along with the descriptor.
        frame[6] = (byte)(XxHash32.Hash(frame.AsSpan(0, 6)) >> 8);
        Assert.Throws<ProtocolException>(() => Lz4Frame.Decompress(frame, new PooledBufferWriter(), 1 << 20));
        var set = Entry(8, 0, (byte)CompressionType.Lz4, 0, null, frame);
        Assert.Equal([(7L, -1L, "a", "x"), (8L, -1L, "b", "y")], ReadBack(LegacyMessageSet.ConvertToV2(set)));

        // The same frame inside a v1 message is refused: v1 writers used the correct checksum.
        var v1 = Entry(8, 1, (byte)CompressionType.Lz4, 0, null, frame);
        Assert.Throws<ProtocolException>(() => LegacyMessageSet.ConvertToV2(v1));
    }

    [Fact]
    public void MalformedLegacyMessagesAreCorrupt()
    {
        var good = Entry(1, 1, 0, 5, A("k"), A("v"));

        var badCrc = (byte[])good.Clone();
        badCrc[^1] ^= 1;
        Assert.Equal(KafkaErrorCode.CorruptMessage, Assert.Throws<ProtocolException>(() => LegacyMessageSet.ConvertToV2(badCrc)).ErrorCode);

        Assert.Equal(KafkaErrorCode.CorruptMessage, Assert.Throws<ProtocolException>(() => LegacyMessageSet.ConvertToV2(good[..^1])).ErrorCode);

        // Key length -2, with a CRC recomputed so only the length is wrong.
        var badKey = (byte[])good.Clone();
        BinaryPrimitives.WriteInt32BigEndian(badKey.AsSpan(12 + 14), -2);
        BinaryPrimitives.WriteUInt32BigEndian(badKey.AsSpan(12), Crc32Ieee.Compute(badKey.AsSpan(16)));
        Assert.Equal(KafkaErrorCode.CorruptMessage, Assert.Throws<ProtocolException>(() => LegacyMessageSet.ConvertToV2(badKey)).ErrorCode);

        Assert.Equal(KafkaErrorCode.CorruptMessage, Assert.Throws<ProtocolException>(() => LegacyMessageSet.ConvertToV2([])).ErrorCode);

        // A gzip bomb inside a wrapper is bounded like any other.
        using var gz = new PooledBufferWriter();
        GzipCodec.Instance.Compress(Entry(0, 1, 0, 1, null, new byte[2_000_000]), gz);
        var bomb = Entry(0, 1, (byte)CompressionType.Gzip, 1, null, gz.WrittenSpan.ToArray());
        Assert.Throws<ProtocolException>(() => LegacyMessageSet.ConvertToV2(bomb, maxUncompressedBytes: 1_000_000));
    }

    [Fact]
    public void V2ReadersRejectLegacyBytesAndTheSequenceEnumeratorFlagsThem()
    {
        var legacy = Entry(3, 1, 0, 5, A("k"), A("v"));
        var ex = Assert.Throws<ProtocolException>(() =>
        {
            using var reader = RecordBatchReader.Open(legacy);
        });
        Assert.Equal(KafkaErrorCode.UnsupportedForMessageFormat, ex.ErrorCode);

        var v2 = BatchBytes.Build(2);
        var e = new RecordBatchEnumerator(legacy.Concat(v2).Concat(legacy[..10]).ToArray());
        Assert.True(e.MoveNext());
        Assert.True(e.Current.IsLegacy);
        Assert.Equal(1, e.Current.Magic);
        Assert.Equal(legacy.Length, e.Current.Bytes.Length);
        Assert.True(e.MoveNext());
        Assert.False(e.Current.IsLegacy);
        Assert.Equal(2, e.Current.Header.RecordCount);
        Assert.False(e.MoveNext());
        Assert.True(e.IsIncomplete);
    }
}
