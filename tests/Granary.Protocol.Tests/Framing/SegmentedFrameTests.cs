// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers;
using Granary.Protocol.Framing;
using Granary.Protocol.Messages;
using Granary.Protocol.Primitives;
using Xunit;

namespace Granary.Protocol.Tests.Framing;

public sealed class SegmentedFrameTests
{
    [Theory]
    [InlineData((short)3)] // classic int32 lengths
    [InlineData((short)9)] // flexible: compact lengths and tagged fields after the batches
    public void GatheredSegmentsAreTheBytesOfTheContiguousFrameAndDecode(short version)
    {
        var large = Batch(64 * 1024, 1);
        var small = Batch(100, 2);
        var other = Batch(SegmentedFrame.MinimumReferenceLength, 3);
        var request = Produce(("a", 0, large), ("a", 1, small), ("b", 4, other));

        using var contiguous = new PooledBufferWriter();
        RequestFrame.Write(contiguous, version, 41, "client", request);
        using var frame = new SegmentedFrame();
        RequestFrame.Write(frame, version, 41, "client", request);

        // The two batches of at least MinimumReferenceLength are referenced, not copied; the small one is copied.
        Assert.Equal(2, frame.ReferenceCount);
        var segments = frame.ToSegments();
        Assert.Contains(segments, s => ReferenceEquals(s.Array, large) && s.Offset == 0 && s.Count == large.Length);
        Assert.Contains(segments, s => ReferenceEquals(s.Array, other) && s.Count == other.Length);
        Assert.DoesNotContain(segments, s => ReferenceEquals(s.Array, small));
        Assert.All(segments, s => Assert.True(s.Count > 0));

        var gathered = segments.SelectMany(s => s.ToArray()).ToArray();
        Assert.Equal(frame.Length, gathered.Length);
        Assert.Equal(contiguous.WrittenSpan.ToArray(), gathered);

        var sequence = new ReadOnlySequence<byte>(gathered);
        Assert.True(FrameReader.TryReadFrame(ref sequence, FrameReader.DefaultMaxFrameSize, out var body));
        var decoded = (ProduceRequest)RequestFrame.Read(body.ToArray()).Body;
        Assert.Equal(large, decoded.TopicData[0].PartitionData[0].Records!.Value.ToArray());
        Assert.Equal(small, decoded.TopicData[0].PartitionData[1].Records!.Value.ToArray());
        Assert.Equal(other, decoded.TopicData[1].PartitionData[0].Records!.Value.ToArray());
    }

    [Fact]
    public void AFrameWithOnlySmallFieldsIsOneContiguousBuffer()
    {
        var request = Produce(("a", 0, Batch(SegmentedFrame.MinimumReferenceLength - 1, 5)));
        using var contiguous = new PooledBufferWriter();
        RequestFrame.Write(contiguous, 9, 7, null, request);
        using var frame = new SegmentedFrame();
        RequestFrame.Write(frame, 9, 7, null, request);

        Assert.Equal(0, frame.ReferenceCount);
        Assert.Equal(contiguous.WrittenSpan.ToArray(), frame.ContiguousMemory.ToArray());
        Assert.Single(frame.ToSegments());
    }

    [Fact]
    public void ABatchThatIsNotArrayBackedIsCopied()
    {
        using var manager = new NotArrayBacked(Batch(8192, 6));
        var request = Produce(("a", 0, null));
        request.TopicData[0].PartitionData[0].Records = manager.Memory;
        using var frame = new SegmentedFrame();
        RequestFrame.Write(frame, 9, 1, null, request);

        Assert.Equal(0, frame.ReferenceCount);
        using var contiguous = new PooledBufferWriter();
        RequestFrame.Write(contiguous, 9, 1, null, request);
        Assert.Equal(contiguous.WrittenSpan.ToArray(), frame.ContiguousMemory.ToArray());
    }

    [Fact]
    public void AReferencingFrameHasNoContiguousMemory()
    {
        using var frame = new SegmentedFrame();
        RequestFrame.Write(frame, 9, 1, null, Produce(("a", 0, Batch(10_000, 1))));
        Assert.Throws<InvalidOperationException>(() => frame.ContiguousMemory);
    }

    private static byte[] Batch(int length, byte fill) => Enumerable.Repeat(fill, length).ToArray();

    private static ProduceRequest Produce(params (string Topic, int Partition, byte[]? Records)[] batches) => new()
    {
        Acks = -1,
        TimeoutMs = 30_000,
        TopicData = batches.GroupBy(b => b.Topic).Select(g => new ProduceRequest.TopicProduceData
        {
            Name = g.Key,
            PartitionData = g.Select(b => new ProduceRequest.PartitionProduceData { Index = b.Partition, Records = b.Records }).ToList(),
        }).ToList(),
    };

    /// <summary>Memory that does not show its array, as a batch read straight from elsewhere would be.</summary>
    private sealed class NotArrayBacked(byte[] bytes) : MemoryManager<byte>
    {
        public override Span<byte> GetSpan() => bytes;

        public override MemoryHandle Pin(int elementIndex = 0) => throw new NotSupportedException();

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
        }
    }
}
