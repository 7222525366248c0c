// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>Turns the bytes of a key or value back into a value.</summary>
public interface IDeserializer<T>
{
    T Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context);
}
