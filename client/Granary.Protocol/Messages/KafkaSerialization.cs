// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Protocol.Primitives;

namespace Granary.Protocol.Messages;

/// <summary>Helpers the generated messages share, so each generated file stays small.</summary>
public static class KafkaSerialization
{
    public static void CheckVersion(short version, short lowest, short highest, string message)
    {
        if (version < lowest || version > highest)
        {
            throw new ProtocolException(KafkaErrorCode.UnsupportedVersion, $"{message} has no version {version} (valid: {lowest}-{highest}).");
        }
    }

    public static ProtocolException FieldNotSupported(string field, short version) =>
        new(KafkaErrorCode.UnsupportedVersion, $"Field {field} holds a non-default value but version {version} cannot carry it.");

    public static T NotNull<T>(T? value, string field)
        where T : class =>
        value ?? throw new ProtocolException(KafkaErrorCode.InvalidRequest, $"Field {field} is null at a version where it cannot be.");

    public static ReadOnlyMemory<byte> NotNullBytes(ReadOnlyMemory<byte>? value, string field) =>
        value ?? throw new ProtocolException(KafkaErrorCode.InvalidRequest, $"Field {field} is null at a version where it cannot be.");

    public static T ReadStruct<T>(ref KafkaReader reader, short version)
        where T : IKafkaMessage, new()
    {
        var value = new T();
        value.Read(ref reader, version);
        return value;
    }

    /// <summary>A nullable struct is preceded by an int8: -1 for null, 1 for present.</summary>
    public static T? ReadNullableStruct<T>(ref KafkaReader reader, short version)
        where T : class, IKafkaMessage, new() =>
        reader.ReadInt8() < 0 ? null : ReadStruct<T>(ref reader, version);

    public static void WriteNullableStruct<T>(KafkaWriter writer, short version, T? value)
        where T : class, IKafkaMessage
    {
        if (value is null)
        {
            writer.WriteInt8(-1);
            return;
        }

        writer.WriteInt8(1);
        value.Write(writer, version);
    }

    public static List<T> ReadStructArray<T>(ref KafkaReader reader, short version, bool compact, int minSize)
        where T : IKafkaMessage, new() =>
        ReadStructs<T>(ref reader, version, reader.ReadArrayLength(compact, minSize));

    public static List<T>? ReadNullableStructArray<T>(ref KafkaReader reader, short version, bool compact, int minSize)
        where T : IKafkaMessage, new()
    {
        var count = reader.ReadNullableArrayLength(compact, minSize);
        return count < 0 ? null : ReadStructs<T>(ref reader, version, count);
    }

    public static void WriteStructArray<T>(KafkaWriter writer, short version, bool compact, List<T>? values)
        where T : IKafkaMessage
    {
        if (values is null)
        {
            writer.WriteArrayLength(-1, compact);
            return;
        }

        writer.WriteArrayLength(values.Count, compact);
        foreach (var value in values)
        {
            value.Write(writer, version);
        }
    }

    public static List<T> ReadArray<T>(ref KafkaReader reader, bool compact, ArrayElement<T> element) =>
        ReadElements(ref reader, compact, element, reader.ReadArrayLength(compact, element.MinSize));

    public static List<T>? ReadNullableArray<T>(ref KafkaReader reader, bool compact, ArrayElement<T> element)
    {
        var count = reader.ReadNullableArrayLength(compact, element.MinSize);
        return count < 0 ? null : ReadElements(ref reader, compact, element, count);
    }

    public static void WriteArray<T>(KafkaWriter writer, bool compact, List<T>? values, ArrayElement<T> element)
    {
        if (values is null)
        {
            writer.WriteArrayLength(-1, compact);
            return;
        }

        writer.WriteArrayLength(values.Count, compact);
        foreach (var value in values)
        {
            element.Write(writer, value, compact);
        }
    }

    /// <summary>Keeps a tagged field this code does not know; its bytes are copied so they outlive the frame.</summary>
    public static List<RawTaggedField> AddUnknown(List<RawTaggedField>? fields, int tag, ReadOnlyMemory<byte> data)
    {
        fields ??= [];
        fields.Add(new RawTaggedField(tag, data.ToArray()));
        return fields;
    }

    /// <summary>Reads a tagged-field section that holds no known tags.</summary>
    public static List<RawTaggedField>? ReadUnknownTaggedFields(ref KafkaReader reader, List<RawTaggedField>? fields)
    {
        var count = reader.ReadTaggedFieldCount();
        var previous = -1;
        for (var i = 0; i < count; i++)
        {
            var tag = reader.ReadTaggedFieldHeader(ref previous, out var size);
            fields = AddUnknown(fields, tag, reader.ReadRawBytes(size));
        }

        return fields;
    }

    /// <summary>Writes a tagged-field section that holds only unknown tags.</summary>
    public static void WriteUnknownTaggedFields(KafkaWriter writer, List<RawTaggedField>? fields)
    {
        writer.WriteUnsignedVarInt((uint)(fields?.Count ?? 0));
        writer.WriteUnknownTaggedFields(fields, 0, long.MaxValue);
    }

    public static bool HasNoUnknownTaggedFields(List<RawTaggedField>? fields) => fields is null || fields.Count == 0;

    private static List<T> ReadStructs<T>(ref KafkaReader reader, short version, int count)
        where T : IKafkaMessage, new()
    {
        var list = new List<T>(count);
        for (var i = 0; i < count; i++)
        {
            var value = new T();
            value.Read(ref reader, version);
            list.Add(value);
        }

        return list;
    }

    private static List<T> ReadElements<T>(ref KafkaReader reader, bool compact, ArrayElement<T> element, int count)
    {
        var list = new List<T>(count);
        for (var i = 0; i < count; i++)
        {
            list.Add(element.Read(ref reader, compact));
        }

        return list;
    }
}
