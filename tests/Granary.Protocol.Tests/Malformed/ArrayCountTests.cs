// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol.Messages;
using Xunit;

namespace Granary.Protocol.Tests.Malformed;

public sealed class ArrayCountTests
{
    [Fact]
    public void AHugeCountWithFewBytesLeftThrowsBeforeAllocating()
    {
        // MetadataRequest v1 claims int.MaxValue topics but carries only 10 more bytes.
        byte[] bytes = [0x7F, 0xFF, 0xFF, 0xFF, 0, 1, 0x61, 0, 1, 0x62, 0, 1, 0x63, 0];
        var allocated = Decode.AssertRejected(typeof(MetadataRequest), bytes, 1, "int.MaxValue topics");
        Assert.True(allocated < 16 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public void AHugeCompactCountThrowsBeforeAllocating()
    {
        // MetadataRequest v9 (flexible): compact array length 0xFFFFFFFF (count 2^32-2).
        byte[] bytes = [0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        var allocated = Decode.AssertRejected(typeof(MetadataRequest), bytes, 9, "2^32-2 topics");
        Assert.True(allocated < 16 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public void ACountJustAboveWhatTheBytesCanHoldIsRejected()
    {
        // ProduceRequest v3 partitions need at least 8 bytes each (index + records length): 2 cannot fit in 12 bytes.
        byte[] bytes =
        [
            0xFF, 0xFF, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, // transactional id null, acks, timeout, one topic
            0, 1, 0x74, 0, 0, 0, 2, // topic "t", two partitions
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        ];
        Decode.AssertRejected(typeof(ProduceRequest), bytes, 3, "two partitions in 12 bytes");
    }

    [Fact]
    public void PrimitiveArrayCountsAreBoundedByElementSize()
    {
        // OffsetFetchRequest v1: group id "g", one topic "t", PartitionIndexes int32 array claiming 3 elements with 8 bytes left.
        byte[] bytes = [0, 1, 0x67, 0, 0, 0, 1, 0, 1, 0x74, 0, 0, 0, 3, 0, 0, 0, 1, 0, 0, 0, 2];
        Decode.AssertRejected(typeof(OffsetFetchRequest), bytes, 1, "3 int32s in 8 bytes");
    }
}
