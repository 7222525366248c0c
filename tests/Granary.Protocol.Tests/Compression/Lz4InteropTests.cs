// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers.Binary;
using Granary.Protocol.Compression;
using Granary.Protocol.Primitives;
using Xunit;

namespace Granary.Protocol.Tests.Compression;

/// <summary>Checks the managed LZ4 against the reference implementation's command-line tool, both directions.</summary>
public class Lz4InteropTests
{
    private const string Lz4 = "/usr/bin/lz4";

    public static TheoryData<string, int> Inputs => new()
    {
        { "json", 1_000_000 },
        { "json", 100 },
        { "random", 300_000 },
        { "zeros", 500_000 },
        { "json", 65_536 },
        { "json", 0 },
    };

    private static byte[] Make(string kind, int size) => kind switch
    {
        "json" => TestData.Json(size),
        "random" => TestData.Random(size),
        _ => new byte[size],
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void ToolDecompressesOurFrames(string kind, int size)
    {
        var input = Make(kind, size);
        foreach (var checksum in new[] { false, true })
        {
            using var writer = new PooledBufferWriter();
            Lz4Frame.Compress(input, writer, contentChecksum: checksum);
            var path = TestData.TempFile(writer.WrittenSpan.ToArray());
            try
            {
                Assert.Equal(input, TestData.Run(Lz4, $"-d -c {path}"));
            }
            finally
            {
                File.Delete(path);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void WeDecompressTheToolsFrames(string kind, int size)
    {
        var input = Make(kind, size);
        var path = TestData.TempFile(input);
        try
        {
            // Default (4 MiB blocks, content checksum), Kafka-like 64 KiB blocks, block checksums, content size, level 9.
            foreach (var options in new[] { "", "-B4", "-B4 -BX", "--content-size", "-9 -B5", "--no-frame-crc -B6" })
            {
                var frame = TestData.Run(Lz4, $"-c -q {options} {path}");
                using var writer = new PooledBufferWriter();
                Assert.Equal(input.Length, Lz4Frame.Decompress(frame, writer, 64 * 1024 * 1024));
                Assert.Equal(input, writer.WrittenSpan.ToArray());
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ConcatenatedAndSkippableFramesAreJoined()
    {
        var a = TestData.Json(5000, seed: 3);
        var b = TestData.Json(7000, seed: 4);
        using var writer = new PooledBufferWriter();
        Lz4Frame.Compress(a, writer);
        var skippable = new byte[12];
        BinaryPrimitives.WriteUInt32LittleEndian(skippable, 0x184D2A53);
        BinaryPrimitives.WriteUInt32LittleEndian(skippable.AsSpan(4), 4);
        writer.Write(skippable);
        Lz4Frame.Compress(b, writer);
        using var output = new PooledBufferWriter();
        Lz4Frame.Decompress(writer.WrittenSpan, output, 1 << 20);
        Assert.Equal(a.Concat(b).ToArray(), output.WrittenSpan.ToArray());
    }

    [Fact]
    public void WrongContentChecksumAndHeaderChecksumAreCorrupt()
    {
        var input = TestData.Json(20_000);
        using var writer = new PooledBufferWriter();
        Lz4Frame.Compress(input, writer, contentChecksum: true);
        var frame = writer.WrittenSpan.ToArray();
        frame[^1] ^= 1;
        Assert.Equal(KafkaErrorCode.CorruptMessage, Assert.Throws<ProtocolException>(() => Lz4Frame.Decompress(frame, new PooledBufferWriter(), 1 << 20)).ErrorCode);

        frame[^1] ^= 1;
        frame[6] ^= 1;
        Assert.Contains("header checksum", Assert.Throws<ProtocolException>(() => Lz4Frame.Decompress(frame, new PooledBufferWriter(), 1 << 20)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("json", 300_000)]
    [InlineData("json", 2_000_000)]
    [InlineData("mixed", 400_000)]
    public void WeDecompressTheToolsLinkedBlockFrames(string kind, int size)
    {
        // -BD links blocks (liblz4's default and what lz4js-based kafkajs codecs write): matches cross block boundaries.
        // "mixed" puts incompressible blocks, which the tool stores raw, between compressible ones.
        var input = kind == "mixed" ? [.. TestData.Json(size / 4), .. TestData.Random(size / 4), .. TestData.Json(size / 2)] : Make(kind, size);
        var path = TestData.TempFile(input);
        try
        {
            foreach (var flags in new[] { "-BD -B4", "-BD -B4 --content-size -BX", "-BD -B5" })
            {
                var frame = TestData.Run(Lz4, $"-c -q {flags} {path}");
                Assert.Equal(0, frame[4] & 0x20); // the block-independence flag is clear: the tool really wrote linked blocks
                using var writer = new PooledBufferWriter();
                Assert.Equal(input.Length, Lz4Frame.Decompress(frame, writer, size));
                Assert.Equal(input, writer.WrittenSpan.ToArray());
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void LinkedBlockFramesStayBounded()
    {
        var path = TestData.TempFile(TestData.Json(300_000));
        try
        {
            var frame = TestData.Run(Lz4, $"-c -q -BD -B4 {path}");
            var ex = Assert.Throws<ProtocolException>(() => Lz4Frame.Decompress(frame, new PooledBufferWriter(), 100_000));
            Assert.Equal(KafkaErrorCode.CorruptMessage, ex.ErrorCode);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void BlockOffsetsBeforeTheOutputAreCorrupt()
    {
        // token: 1 literal then a match; offset 5 with only 1 byte written.
        byte[] block = [0x10, (byte)'a', 5, 0, 0x00];
        var ex = Assert.Throws<ProtocolException>(() => Lz4Block.Decompress(block, new byte[100]));
        Assert.Equal(KafkaErrorCode.CorruptMessage, ex.ErrorCode);
        Assert.Throws<ProtocolException>(() => Lz4Block.Decompress([0x10, (byte)'a', 0, 0, 0x00], new byte[100]));
        Assert.Throws<ProtocolException>(() => Lz4Block.Decompress([0xF0, 255, 255], new byte[100]));
        Assert.Equal(-1, Lz4Block.Decompress([0x50, 1, 2, 3, 4, 5], new byte[4]));
    }
}
