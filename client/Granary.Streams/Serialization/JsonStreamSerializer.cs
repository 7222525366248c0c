// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Granary.Streams.Serialization;

/// <summary>
/// The default serializer: System.Text.Json with web defaults. Pass options whose TypeInfoResolver is a source-generated
/// JsonSerializerContext to avoid reflection. byte[] and string items are written as they are.
/// </summary>
public sealed class JsonStreamSerializer : IStreamSerializer
{
    public JsonStreamSerializer(JsonSerializerOptions? options = null)
    {
        Options = options ?? new JsonSerializerOptions(JsonSerializerDefaults.Web) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
        Options.MakeReadOnly(populateMissingResolver: true);
    }

    public JsonSerializerOptions Options { get; }

    public byte[] Serialize<T>(T value)
    {
        if (value is byte[] raw)
        {
            return raw;
        }

        if (value is string text)
        {
            return Encoding.UTF8.GetBytes(text);
        }

        return JsonSerializer.SerializeToUtf8Bytes(value, (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T)));
    }

    public T Deserialize<T>(ReadOnlySpan<byte> data)
    {
        if (typeof(T) == typeof(byte[]))
        {
            return (T)(object)data.ToArray();
        }

        if (typeof(T) == typeof(string))
        {
            return (T)(object)Encoding.UTF8.GetString(data);
        }

        return JsonSerializer.Deserialize(data, (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T)))!;
    }
}
