// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers;
using Granary.Protocol.Primitives;
using Xunit;

namespace Granary.Protocol.Tests.Primitives;

public sealed class KafkaReaderTests
{
    [Fact]
    public void ReadsBigEndianIntegersAtTheirBoundaries()
    {
        var writer = new KafkaWriter();
        writer.WriteInt8(sbyte.MinValue);
        writer.WriteInt16(short.MinValue);
        writer.WriteUInt16(ushort.MaxValue);
        writer.WriteInt32(int.MinValue);
        writer.WriteUInt32(uint.MaxValue);
        writer.WriteInt64(long.MinValue);
        writer.WriteFloat64(-0.5);
        writer.WriteBool(true);

        Assert.Equal([0x80, 0x80, 0x00, 0xFF, 0xFF, 0x80, 0, 0, 0], writer.WrittenMemory[..9].ToArray());
        var reader = new KafkaReader(writer.WrittenMemory);
        Assert.Equal(sbyte.MinValue, reader.ReadInt8());
        Assert.Equal(short.MinValue, reader.ReadInt16());
        Assert.Equal(ushort.MaxValue, reader.ReadUInt16());
        Assert.Equal(int.MinValue, reader.ReadInt32());
        Assert.Equal(uint.MaxValue, reader.ReadUInt32());
        Assert.Equal(long.MinValue, reader.ReadInt64());
        Assert.Equal(-0.5, reader.ReadFloat64());
        Assert.True(reader.ReadBool());
        Assert.True(reader.IsAtEnd);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-1)]
    [InlineData(63)]
    [InlineData(-64)]
    [InlineData(int.MaxValue)]
    [InlineData(int.MinValue)]
    public void VarIntsRoundTrip(int value)
    {
        var writer = new KafkaWriter();
        writer.WriteVarInt(value);
        writer.WriteVarLong(value * 3L);
        writer.WriteUnsignedVarInt((uint)value);
        var reader = new KafkaReader(writer.WrittenMemory);
        Assert.Equal(value, reader.ReadVarInt());
        Assert.Equal(value * 3L, reader.ReadVarLong());
        Assert.Equal((uint)value, reader.ReadUnsignedVarInt());
    }

    [Fact]
    public void OverLongVarIntsAreRejected()
    {
        AssertCorrupt([0x80, 0x80, 0x80, 0x80, 0x80, 0x00], (ref KafkaReader r) => r.ReadUnsignedVarInt());
        AssertCorrupt([0xFF, 0xFF, 0xFF, 0xFF, 0x1F], (ref KafkaReader r) => r.ReadVarInt());
        AssertCorrupt([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00], (ref KafkaReader r) => r.ReadVarLong());
        AssertCorrupt([0x80, 0x80], (ref KafkaReader r) => r.ReadVarInt());
    }

    [Fact]
    public void NullFormsReadAsNull()
    {
        Assert.Null(Read([0xFF, 0xFF], (ref KafkaReader r) => r.ReadNullableString(false)));
        Assert.Null(Read([0x00], (ref KafkaReader r) => r.ReadNullableString(true)));
        Assert.Null(Read([0xFF, 0xFF, 0xFF, 0xFF], (ref KafkaReader r) => r.ReadNullableBytes(false)));
        Assert.Null(Read([0x00], (ref KafkaReader r) => r.ReadNullableBytes(true)));
        Assert.Equal(-1, Read([0xFF, 0xFF, 0xFF, 0xFF], (ref KafkaReader r) => r.ReadNullableArrayLength(false, 1)));
        Assert.Equal(-1, Read([0x00], (ref KafkaReader r) => r.ReadNullableArrayLength(true, 1)));
        Assert.Equal("", Read([0x01], (ref KafkaReader r) => r.ReadString(true)));
    }

    [Fact]
    public void NullWhereNotNullableIsCorrupt()
    {
        AssertCorrupt([0xFF, 0xFF], (ref KafkaReader r) => r.ReadString(false));
        AssertCorrupt([0x00], (ref KafkaReader r) => r.ReadBytes(true));
        AssertCorrupt([0xFF, 0xFF, 0xFF, 0xFF], (ref KafkaReader r) => r.ReadArrayLength(false, 1));
    }

    [Fact]
    public void StringsRoundTripInBothForms()
    {
        var writer = new KafkaWriter();
        writer.WriteString("héllo", compact: false);
        writer.WriteString("wörld", compact: true);
        writer.WriteNullableString(null, compact: true);
        Assert.Equal([0, 6], writer.WrittenMemory[..2].ToArray());
        var reader = new KafkaReader(writer.WrittenMemory);
        Assert.Equal("héllo", reader.ReadString(false));
        Assert.Equal("wörld", reader.ReadCompactString());
        Assert.Null(reader.ReadNullableString(true));
    }

    [Fact]
    public void StringsLongerThanKafkasLimitAreRejected()
    {
        var writer = new KafkaWriter();
        writer.WriteUnsignedVarInt(short.MaxValue + 2);
        AssertCorrupt(writer.WrittenMemory.ToArray(), (ref KafkaReader r) => r.ReadString(true));
        Assert.Throws<ArgumentException>(() => new KafkaWriter().WriteString(new string('x', short.MaxValue + 1), false));
    }

    [Fact]
    public void UuidsUseJavasByteLayout()
    {
        // java.util.UUID.fromString("00112233-4455-6677-8899-aabbccddeeff") has most significant bits
        // 0x0011223344556677 and least significant bits 0x8899aabbccddeeff, each written big-endian.
        var guid = Guid.Parse("00112233-4455-6677-8899-aabbccddeeff");
        var writer = new KafkaWriter();
        writer.WriteUuid(guid);
        Assert.Equal(Convert.FromHexString("00112233445566778899aabbccddeeff"), writer.WrittenMemory.ToArray());
        Assert.Equal(guid, Read(writer.WrittenMemory.ToArray(), (ref KafkaReader r) => r.ReadUuid()));
    }

    [Fact]
    public void BytesAreSlicesOfTheInput()
    {
        byte[] input = [0, 0, 0, 2, 7, 8];
        var reader = new KafkaReader(input);
        var bytes = reader.ReadBytes(false);
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(bytes, out var segment));
        Assert.Same(input, segment.Array);
        Assert.Equal(4, segment.Offset);
    }

    [Fact]
    public void MultiSegmentSequencesAreCopiedAndSingleSegmentsAreNot()
    {
        byte[] input = [0, 0, 0, 2, 7, 8];
        var single = KafkaReader.Create(new ReadOnlySequence<byte>(input));
        var slice = single.ReadBytes(false);
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(slice, out var segment));
        Assert.Same(input, segment.Array);

        var first = new Segment(input.AsMemory(0, 3));
        var last = first.Append(input.AsMemory(3));
        var multi = KafkaReader.Create(new ReadOnlySequence<byte>(first, 0, last, 3));
        Assert.Equal([7, 8], multi.ReadBytes(false).ToArray());
        Assert.True(multi.IsAtEnd);
    }

    private delegate T ReadFunc<T>(ref KafkaReader reader);

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

    private static T Read<T>(byte[] bytes, ReadFunc<T> read)
    {
        var reader = new KafkaReader(bytes);
        return read(ref reader);
    }

    private static void AssertCorrupt<T>(byte[] bytes, ReadFunc<T> read)
    {
        var error = Assert.Throws<ProtocolException>(() => Read(bytes, read));
        Assert.Equal(KafkaErrorCode.CorruptMessage, error.ErrorCode);
    }
}
