// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol.Compression;
using Granary.Protocol.Primitives;
using Granary.Protocol.Records;
using Xunit;

namespace Granary.Protocol.Tests.Compression;

public class CompressionCodecTests
{
    private static readonly Lazy<byte[]> HundredMegabytesOfZeros = new(() => new byte[100 * 1024 * 1024]);

    public static TheoryData<CompressionType> Codecs => [CompressionType.Gzip, CompressionType.Snappy, CompressionType.Lz4, CompressionType.Zstd];

    private static byte[] Compress(CompressionType type, ReadOnlySpan<byte> data)
    {
        using var writer = new PooledBufferWriter();
        CompressionCodec.For(type).Compress(data, writer);
        return writer.WrittenSpan.ToArray();
    }

    private static byte[] Decompress(CompressionType type, ReadOnlySpan<byte> data, int max = 64 * 1024 * 1024)
    {
        using var writer = new PooledBufferWriter();
        var n = CompressionCodec.For(type).Decompress(data, writer, max);
        Assert.Equal(writer.WrittenCount, n);
        return writer.WrittenSpan.ToArray();
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void RoundTripsAssortedInputs(CompressionType type)
    {
        Assert.Equal(type, CompressionCodec.For(type).Type);
        foreach (var input in new[] { [], [42], TestData.Json(100), TestData.Json(70_000), TestData.Json(1_000_000), TestData.Random(200_000), new byte[300_000] })
        {
            var compressed = Compress(type, input);
            Assert.Equal(input, Decompress(type, compressed));
        }

        Assert.True(Compress(type, TestData.Json(1_000_000)).Length < 500_000);
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void OutputExactlyAtTheBoundIsAcceptedAndOneByteMoreRefused(CompressionType type)
    {
        var input = TestData.Json(100_000);
        var compressed = Compress(type, input);
        Assert.Equal(input, Decompress(type, compressed, input.Length));
        var ex = Assert.Throws<ProtocolException>(() => Decompress(type, compressed, input.Length - 1));
        Assert.Equal(KafkaErrorCode.CorruptMessage, ex.ErrorCode);
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void DecompressionBombIsRefusedWithAllocationsNearTheBound(CompressionType type)
    {
        const int bound = 1024 * 1024;
        var bomb = Compress(type, HundredMegabytesOfZeros.Value);
        Assert.True(bomb.Length < 10 * 1024 * 1024);

        using var writer = new PooledBufferWriter();
        var codec = CompressionCodec.For(type);
        Assert.Throws<ProtocolException>(() => codec.Decompress(bomb, writer, bound));

        var before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<ProtocolException>(() =>
        {
            using var w = new PooledBufferWriter();
            codec.Decompress(bomb, w, bound);
        });
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(KafkaErrorCode.CorruptMessage, ex.ErrorCode);
        Assert.Contains("bound", ex.Message, StringComparison.Ordinal);
        Assert.True(allocated < 8L * bound, $"{type} allocated {allocated} bytes refusing a bomb bounded at {bound}.");
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void TruncatedInputIsCorrupt(CompressionType type)
    {
        var input = TestData.Json(200_000);
        var compressed = Compress(type, input);
        foreach (var keep in new[] { 0, 1, 5, compressed.Length / 3, compressed.Length / 2, compressed.Length - 5, compressed.Length - 1 })
        {
            var ex = Assert.Throws<ProtocolException>(() => Decompress(type, compressed.AsSpan(0, keep)));
            Assert.Equal(KafkaErrorCode.CorruptMessage, ex.ErrorCode);
        }
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void GarbageIsCorrupt(CompressionType type)
    {
        var ex = Assert.Throws<ProtocolException>(() => Decompress(type, TestData.Random(10_000, seed: 9)));
        Assert.Equal(KafkaErrorCode.CorruptMessage, ex.ErrorCode);
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void DamagedInputNeverThrowsAnythingButProtocolException(CompressionType type)
    {
        var input = TestData.Json(50_000);
        var compressed = Compress(type, input);
        var random = new Random(5);
        for (var i = 0; i < 300; i++)
        {
            var damaged = (byte[])compressed.Clone();
            for (var k = 0; k < 1 + (i % 4); k++)
            {
                damaged[random.Next(damaged.Length)] = (byte)random.Next(256);
            }

            try
            {
                Decompress(type, damaged, 100_000);
            }
            catch (ProtocolException)
            {
            }
        }
    }

    [Fact]
    public void GzipDetectsAFlippedPayloadByte()
    {
        var compressed = Compress(CompressionType.Gzip, TestData.Json(10_000));
        compressed[compressed.Length / 2] ^= 0x10;
        Assert.Throws<ProtocolException>(() => Decompress(CompressionType.Gzip, compressed));
    }

    [Fact]
    public void UnknownCompressionTypeIsUnsupported()
    {
        var ex = Assert.Throws<ProtocolException>(() => CompressionCodec.For((CompressionType)6));
        Assert.Equal(KafkaErrorCode.UnsupportedCompressionType, ex.ErrorCode);
    }
}
