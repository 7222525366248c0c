// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers.Binary;
using Granary.Protocol.Compression;
using Granary.Protocol.Primitives;
using Granary.Protocol.Records;
using Xunit;

namespace Granary.Protocol.Tests.Compression;

public class ZstdAndSnappyInteropTests
{
    private const string Zstd = "/usr/bin/zstd";

    [Theory]
    [InlineData(1_000_000)]
    [InlineData(1)]
    [InlineData(0)]
    public void ZstdToolAndCodecAgreeBothWays(int size)
    {
        var input = TestData.Json(size);
        using var ours = new PooledBufferWriter();
        ZstdCodec.Instance.Compress(input, ours);
        var path = TestData.TempFile(ours.WrittenSpan.ToArray());
        var plain = TestData.TempFile(input);
        try
        {
            Assert.Equal(input, TestData.Run(Zstd, $"-d -c -q {path}"));
            foreach (var options in new[] { "-c -q", "-c -q -19", "-c -q --check" })
            {
                var frame = TestData.Run(Zstd, $"{options} {plain}");
                using var output = new PooledBufferWriter();
                ZstdCodec.Instance.Decompress(frame, output, 2_000_000);
                Assert.Equal(input, output.WrittenSpan.ToArray());
            }
        }
        finally
        {
            File.Delete(path);
            File.Delete(plain);
        }
    }

    [Fact]
    public void ZstdFrameWithoutContentSizeIsStillBounded()
    {
        // From a pipe the tool cannot know the size, so the frame does not declare it.
        var frame = TestData.Run(Zstd, "-c -q --no-content-size", new byte[5_000_000]);
        using var ok = new PooledBufferWriter();
        Assert.Equal(5_000_000, ZstdCodec.Instance.Decompress(frame, ok, 5_000_000));
        var ex = Assert.Throws<ProtocolException>(() => ZstdCodec.Instance.Decompress(frame, new PooledBufferWriter(), 1_000_000));
        Assert.Contains("bound", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingZstdLibraryIsUnsupportedCompressionType()
    {
        var codec = new ZstdCodec("libzstd-granary-missing.so.9");
        Assert.False(codec.IsAvailable);
        var ex = Assert.Throws<ProtocolException>(() => codec.Decompress([0x28, 0xB5, 0x2F, 0xFD], new PooledBufferWriter(), 100));
        Assert.Equal(KafkaErrorCode.UnsupportedCompressionType, ex.ErrorCode);
        Assert.Contains("libzstd-granary-missing.so.9 could not be loaded", ex.Message, StringComparison.Ordinal);
        Assert.Equal(KafkaErrorCode.UnsupportedCompressionType, Assert.Throws<ProtocolException>(() => codec.Compress([1, 2, 3], new PooledBufferWriter())).ErrorCode);
        Assert.True(ZstdCodec.Instance.IsAvailable);
    }

    [Fact]
    public void SnappyWritesXerialFramingWith32KiBBlocks()
    {
        var input = TestData.Json(100_000);
        using var writer = new PooledBufferWriter();
        SnappyCodec.Instance.Compress(input, writer);
        var bytes = writer.WrittenSpan.ToArray();
        Assert.Equal(new byte[] { 0x82, (byte)'S', (byte)'N', (byte)'A', (byte)'P', (byte)'P', (byte)'Y', 0, 0, 0, 0, 1, 0, 0, 0, 1 }, bytes[..16]);

        // Walk the blocks: four of them (32+32+32+~2 KiB), each a raw snappy block whose varint says its size.
        var position = 16;
        var sizes = new List<int>();
        while (position < bytes.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(position));
            sizes.Add(IronSnappy.Snappy.Decode(bytes.AsSpan(position + 4, length)).Length);
            position += 4 + length;
        }

        Assert.Equal([32768, 32768, 32768, 100_000 - (3 * 32768)], sizes);
    }

    [Fact]
    public void SnappyReadsRawBlocksAndHandBuiltXerialStreams()
    {
        var input = TestData.Json(50_000);
        var raw = IronSnappy.Snappy.Encode(input);
        using var a = new PooledBufferWriter();
        SnappyCodec.Instance.Decompress(raw, a, 50_000);
        Assert.Equal(input, a.WrittenSpan.ToArray());

        // A xerial stream with uneven blocks, as another writer might cut them.
        var framed = new List<byte> { 0x82, (byte)'S', (byte)'N', (byte)'A', (byte)'P', (byte)'P', (byte)'Y', 0, 0, 0, 0, 1, 0, 0, 0, 1 };
        foreach (var (start, length) in new[] { (0, 10_000), (10_000, 1), (10_001, 39_999) })
        {
            var block = IronSnappy.Snappy.Encode(input.AsSpan(start, length));
            var prefix = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(prefix, block.Length);
            framed.AddRange(prefix);
            framed.AddRange(block);
        }

        using var b = new PooledBufferWriter();
        SnappyCodec.Instance.Decompress(framed.ToArray(), b, 50_000);
        Assert.Equal(input, b.WrittenSpan.ToArray());
        Assert.Throws<ProtocolException>(() => SnappyCodec.Instance.Decompress(framed.ToArray(), new PooledBufferWriter(), 49_999));
    }

    [Fact]
    public void ChecksumKnownVectors()
    {
        Assert.Equal(0x02CC5D05u, XxHash32.Hash([]));
        Assert.Equal(0x32D153FFu, XxHash32.Hash("abc"u8));
        var data = TestData.Json(1000);
        var streaming = new XxHash32(0);
        foreach (var chunk in data.Chunk(7))
        {
            streaming.Append(chunk);
        }

        Assert.Equal(XxHash32.Hash(data), streaming.GetCurrentHash());
        Assert.Equal(0xCBF43926u, Crc32Ieee.Compute("123456789"u8));
        Assert.Equal(0x414FA339u, Crc32Ieee.Compute("The quick brown fox jumps over the lazy dog"u8));
    }

    [Fact]
    public void CodecForMapsEveryType()
    {
        Assert.IsType<GzipCodec>(CompressionCodec.For(CompressionType.Gzip));
        Assert.IsType<SnappyCodec>(CompressionCodec.For(CompressionType.Snappy));
        Assert.IsType<Lz4Codec>(CompressionCodec.For(CompressionType.Lz4));
        Assert.IsType<ZstdCodec>(CompressionCodec.For(CompressionType.Zstd));
    }
}
