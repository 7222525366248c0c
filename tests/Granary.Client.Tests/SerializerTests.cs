// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Text;
using Xunit;

namespace Granary.Client.Tests;

public class SerializerTests
{
    private static readonly SerializationContext Ctx = new(MessageComponentType.Value, "t");

    [Fact]
    public void Numbers_are_big_endian()
    {
        Assert.Equal(new byte[] { 0x01, 0x02, 0x03, 0x04 }, Serializers.Int32.Serialize(0x01020304, Ctx));
        Assert.Equal(new byte[] { 0xff, 0xff, 0xff, 0xfe }, Serializers.Int32.Serialize(-2, Ctx));
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 0, 0x01, 0x00 }, Serializers.Int64.Serialize(256, Ctx));
        Assert.Equal(new byte[] { 0x3f, 0x80, 0, 0 }, Serializers.Single.Serialize(1.0f, Ctx));
        Assert.Equal(new byte[] { 0x40, 0, 0, 0, 0, 0, 0, 0 }, Serializers.Double.Serialize(2.0, Ctx));
    }

    [Fact]
    public void Numbers_round_trip_and_reject_wrong_lengths()
    {
        Assert.Equal(-123456789, Deserializers.Int32.Deserialize(Serializers.Int32.Serialize(-123456789, Ctx), false, Ctx));
        Assert.Equal(long.MinValue, Deserializers.Int64.Deserialize(Serializers.Int64.Serialize(long.MinValue, Ctx), false, Ctx));
        Assert.Equal(3.5f, Deserializers.Single.Deserialize(Serializers.Single.Serialize(3.5f, Ctx), false, Ctx));
        Assert.Equal(-0.25, Deserializers.Double.Deserialize(Serializers.Double.Serialize(-0.25, Ctx), false, Ctx));
        Assert.Throws<ArgumentException>(() => Deserializers.Int32.Deserialize(new byte[3], false, Ctx));
        Assert.Throws<ArgumentNullException>(() => Deserializers.Int64.Deserialize(default, true, Ctx));
    }

    [Fact]
    public void Utf8_null_and_bytes()
    {
        Assert.Equal(Encoding.UTF8.GetBytes("héllo"), Serializers.Utf8.Serialize("héllo", Ctx));
        Assert.Equal("héllo", Deserializers.Utf8.Deserialize(Encoding.UTF8.GetBytes("héllo"), false, Ctx));
        Assert.Null(Deserializers.Utf8.Deserialize(default, true, Ctx));
        Assert.Null(Serializers.Null.Serialize(null!, Ctx));
        Assert.Null(Deserializers.Null.Deserialize(default, true, Ctx));
        Assert.Throws<ArgumentException>(() => Deserializers.Null.Deserialize(new byte[1], false, Ctx));
        Assert.Null(Deserializers.Ignore.Deserialize(new byte[5], false, Ctx));
        byte[] raw = [9, 8, 7];
        Assert.Same(raw, Serializers.ByteArray.Serialize(raw, Ctx));
        Assert.Equal(raw, Deserializers.ByteArray.Deserialize(raw, false, Ctx));
        Assert.Null(Deserializers.ByteArray.Deserialize(default, true, Ctx));
    }
}
