// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers;
using Granary.Protocol.Framing;
using Granary.Protocol.Messages;
using Granary.Protocol.Primitives;
using Xunit;

namespace Granary.Protocol.Tests.Primitives;

public sealed class FramingTests
{
    [Fact]
    public void ReadsFramesAndWaitsForMoreBytes()
    {
        byte[] bytes = [0, 0, 0, 2, 0xAA, 0xBB, 0, 0, 0, 1];
        var buffer = new ReadOnlySequence<byte>(bytes);

        Assert.True(FrameReader.TryReadFrame(ref buffer, 100, out var frame));
        Assert.Equal([0xAA, 0xBB], frame.ToArray());
        Assert.False(FrameReader.TryReadFrame(ref buffer, 100, out _));
        Assert.Equal(4, buffer.Length);

        var partialPrefix = new ReadOnlySequence<byte>(new byte[] { 0, 0 });
        Assert.False(FrameReader.TryReadFrame(ref partialPrefix, 100, out _));
    }

    [Fact]
    public void ReadsAPrefixSplitAcrossSegments()
    {
        var first = new Segment(new byte[] { 0, 0 });
        var last = first.Append(new byte[] { 0, 1, 7 });
        var buffer = new ReadOnlySequence<byte>(first, 0, last, 3);

        Assert.True(FrameReader.TryReadFrame(ref buffer, 100, out var frame));
        Assert.Equal([7], frame.ToArray());
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void FrameWriterPatchesTheSize()
    {
        using var buffer = new PooledBufferWriter(4);
        var start = FrameWriter.BeginFrame(buffer);
        buffer.GetSpan(300)[..300].Fill(9);
        buffer.Advance(300);
        FrameWriter.EndFrame(buffer, start);

        Assert.Equal([0, 0, 1, 44], buffer.WrittenSpan[..4].ToArray());
        Assert.Equal(304, buffer.WrittenCount);
    }

    [Fact]
    public void RequestFramesRoundTripThroughTheCatalog()
    {
        using var buffer = new PooledBufferWriter();
        RequestFrame.Write(buffer, 12, 77, "client", new MetadataRequest { Topics = [new() { Name = "orders" }] });
        var sequence = new ReadOnlySequence<byte>(buffer.WrittenMemory);
        Assert.True(FrameReader.TryReadFrame(ref sequence, FrameReader.DefaultMaxFrameSize, out var frame));

        var request = RequestFrame.Read(frame.First);
        Assert.Equal(2, request.HeaderVersion);
        Assert.Equal(77, request.Header.CorrelationId);
        Assert.Equal("client", request.Header.ClientId);
        Assert.Equal("orders", ((MetadataRequest)request.Body).Topics![0].Name);
    }

    [Fact]
    public void ResponseFramesRoundTripThroughTheCatalog()
    {
        using var buffer = new PooledBufferWriter();
        ResponseFrame.Write(buffer, 3, 5, new ApiVersionsResponse { ErrorCode = 35 });
        var body = (ApiVersionsResponse)ResponseFrame.Read(buffer.WrittenMemory[4..], ApiKey.ApiVersions, 3, out var header);
        Assert.Equal(5, header.CorrelationId);
        Assert.Equal(35, body.ErrorCode);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
