// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>Turns a key or value into bytes (null means a null key or value).</summary>
public interface ISerializer<T>
{
    byte[]? Serialize(T data, SerializationContext context);
}
