// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Text;
using Xunit;

namespace Granary.Protocol.Tests.Records;

public class Crc32CTests
{
    // Bit-at-a-time reflected CRC-32C with polynomial 0x82F63B78: slow, obviously right, and independent of the
    // crc32 instruction.
    private static uint Reference(ReadOnlySpan<byte> data)
    {
        var crc = ~0u;
        foreach (var b in data)
        {
            crc ^= b;
            for (var i = 0; i < 8; i++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
            }
        }

        return ~crc;
    }

    [Fact]
    public void KnownVectors()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
        Assert.Equal(0u, Crc32C.Compute([]));
        Assert.Equal(0x8A9136AAu, Crc32C.Compute(new byte[32]));
        Assert.Equal(0x62A8AB43u, Crc32C.Compute(Enumerable.Repeat((byte)0xFF, 32).ToArray()));
        Assert.Equal(0x46DD794Eu, Crc32C.Compute(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(767)]
    [InlineData(768)]
    [InlineData(769)]
    [InlineData(3 * 8192)]
    [InlineData((3 * 8192) + 768 + 13)]
    [InlineData(1 << 20)]
    [InlineData((1 << 20) + 5)]
    public void MatchesBitwiseReferenceAtLaneBoundaries(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        Assert.Equal(Reference(data), Crc32C.Compute(data));
        Assert.Equal(Reference(data), ~Crc32C.AppendSingleLane(~0u, data));
    }

    [Fact]
    public void AppendInPiecesEqualsWhole()
    {
        var data = new byte[100_003];
        new Random(7).NextBytes(data);
        var whole = Crc32C.Compute(data);
        foreach (var cut in new[] { 1, 767, 24576, 50_000, 99_999 })
        {
            var crc = Crc32C.Append(~0u, data.AsSpan(0, cut));
            crc = Crc32C.Append(crc, data.AsSpan(cut));
            Assert.Equal(whole, ~crc);
        }

        Assert.Equal(Reference(Encoding.ASCII.GetBytes("The quick brown fox jumps over the lazy dog")), Crc32C.Compute("The quick brown fox jumps over the lazy dog"u8));
    }
}
