// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>Turns the bytes of a key or value back into a value asynchronously.</summary>
public interface IAsyncDeserializer<T>
{
    Task<T> DeserializeAsync(ReadOnlyMemory<byte> data, bool isNull, SerializationContext context);
}
