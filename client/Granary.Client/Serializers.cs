// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers.Binary;
using System.Text;

namespace Granary.Client;

/// <summary>Serializers for common types; numbers are big-endian (network order), as Confluent's are.</summary>
public static class Serializers
{
    public static readonly ISerializer<string> Utf8 = new Utf8Serializer();
    public static readonly ISerializer<Null> Null = new NullSerializer();
    public static readonly ISerializer<long> Int64 = new Int64Serializer();
    public static readonly ISerializer<int> Int32 = new Int32Serializer();
    public static readonly ISerializer<float> Single = new SingleSerializer();
    public static readonly ISerializer<double> Double = new DoubleSerializer();
    public static readonly ISerializer<byte[]> ByteArray = new ByteArraySerializer();

    private sealed class Utf8Serializer : ISerializer<string>
    {
        public byte[]? Serialize(string data, SerializationContext context) => data is null ? null : Encoding.UTF8.GetBytes(data);
    }

    private sealed class NullSerializer : ISerializer<Null>
    {
        public byte[]? Serialize(Null data, SerializationContext context) => null;
    }

    private sealed class Int64Serializer : ISerializer<long>
    {
        public byte[]? Serialize(long data, SerializationContext context)
        {
            var bytes = new byte[8];
            BinaryPrimitives.WriteInt64BigEndian(bytes, data);
            return bytes;
        }
    }

    private sealed class Int32Serializer : ISerializer<int>
    {
        public byte[]? Serialize(int data, SerializationContext context)
        {
            var bytes = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(bytes, data);
            return bytes;
        }
    }

    private sealed class SingleSerializer : ISerializer<float>
    {
        public byte[]? Serialize(float data, SerializationContext context)
        {
            var bytes = new byte[4];
            BinaryPrimitives.WriteSingleBigEndian(bytes, data);
            return bytes;
        }
    }

    private sealed class DoubleSerializer : ISerializer<double>
    {
        public byte[]? Serialize(double data, SerializationContext context)
        {
            var bytes = new byte[8];
            BinaryPrimitives.WriteDoubleBigEndian(bytes, data);
            return bytes;
        }
    }

    private sealed class ByteArraySerializer : ISerializer<byte[]>
    {
        public byte[]? Serialize(byte[] data, SerializationContext context) => data;
    }
}
