// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers;
using Granary.Protocol.Framing;
using Xunit;

namespace Granary.Protocol.Tests.Malformed;

public sealed class FrameSizeTests
{
    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF }, KafkaErrorCode.CorruptMessage)]
    [InlineData(new byte[] { 0x80, 0x00, 0x00, 0x00 }, KafkaErrorCode.CorruptMessage)]
    [InlineData(new byte[] { 0x00, 0x00, 0x00, 0x00 }, KafkaErrorCode.CorruptMessage)]
    [InlineData(new byte[] { 0x7F, 0xFF, 0xFF, 0xFF }, KafkaErrorCode.InvalidRequest)]
    [InlineData(new byte[] { 0x00, 0x00, 0x04, 0x01 }, KafkaErrorCode.InvalidRequest)]
    public void BadSizesThrowBeforeAnyAllocation(byte[] prefix, KafkaErrorCode expected)
    {
        var buffer = new ReadOnlySequence<byte>(prefix);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<ProtocolException>(() => FrameReader.TryReadFrame(ref buffer, 1024, out _));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(expected, error.ErrorCode);
        Assert.True(allocated < 16 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public void TruncatedFramesWaitForMoreBytesAtEveryCut()
    {
        byte[] frame = [0, 0, 0, 6, 1, 2, 3, 4, 5, 6];
        for (var cut = 0; cut < frame.Length; cut++)
        {
            var buffer = new ReadOnlySequence<byte>(frame, 0, cut);
            Assert.False(FrameReader.TryReadFrame(ref buffer, 100, out _));
            Assert.Equal(cut, buffer.Length);
        }
    }
}
