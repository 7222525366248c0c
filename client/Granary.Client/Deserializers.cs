// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers.Binary;
using System.Text;

namespace Granary.Client;

/// <summary>Deserializers matching <see cref="Serializers"/>; a wrong-sized number fails with ArgumentException.</summary>
public static class Deserializers
{
    public static readonly IDeserializer<string> Utf8 = new Utf8Deserializer();
    public static readonly IDeserializer<Null> Null = new NullDeserializer();
    public static readonly IDeserializer<Ignore> Ignore = new IgnoreDeserializer();
    public static readonly IDeserializer<long> Int64 = new Int64Deserializer();
    public static readonly IDeserializer<int> Int32 = new Int32Deserializer();
    public static readonly IDeserializer<float> Single = new SingleDeserializer();
    public static readonly IDeserializer<double> Double = new DoubleDeserializer();
    public static readonly IDeserializer<byte[]> ByteArray = new ByteArrayDeserializer();

    private static void RequireSize(ReadOnlySpan<byte> data, bool isNull, int size, string type)
    {
        if (isNull)
        {
            throw new ArgumentNullException(nameof(data), $"Null data encountered deserializing {type} value.");
        }

        if (data.Length != size)
        {
            throw new ArgumentException($"Deserializer<{type}> encountered data of length {data.Length}. Expecting data length to be {size}.", nameof(data));
        }
    }

    private sealed class Utf8Deserializer : IDeserializer<string>
    {
        public string Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context) =>
            isNull ? null! : Encoding.UTF8.GetString(data);
    }

    private sealed class NullDeserializer : IDeserializer<Null>
    {
        public Null Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context) =>
            isNull ? null! : throw new ArgumentException("Deserializer<Null> may only be used to deserialize data that is null.", nameof(data));
    }

    private sealed class IgnoreDeserializer : IDeserializer<Ignore>
    {
        public Ignore Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context) => null!;
    }

    private sealed class Int64Deserializer : IDeserializer<long>
    {
        public long Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
        {
            RequireSize(data, isNull, 8, "Int64");
            return BinaryPrimitives.ReadInt64BigEndian(data);
        }
    }

    private sealed class Int32Deserializer : IDeserializer<int>
    {
        public int Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
        {
            RequireSize(data, isNull, 4, "Int32");
            return BinaryPrimitives.ReadInt32BigEndian(data);
        }
    }

    private sealed class SingleDeserializer : IDeserializer<float>
    {
        public float Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
        {
            RequireSize(data, isNull, 4, "Single");
            return BinaryPrimitives.ReadSingleBigEndian(data);
        }
    }

    private sealed class DoubleDeserializer : IDeserializer<double>
    {
        public double Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
        {
            RequireSize(data, isNull, 8, "Double");
            return BinaryPrimitives.ReadDoubleBigEndian(data);
        }
    }

    private sealed class ByteArrayDeserializer : IDeserializer<byte[]>
    {
        public byte[] Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context) => isNull ? null! : data.ToArray();
    }
}
