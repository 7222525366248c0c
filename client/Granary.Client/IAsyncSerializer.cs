// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>Turns a key or value into bytes asynchronously.</summary>
public interface IAsyncSerializer<T>
{
    Task<byte[]?> SerializeAsync(T data, SerializationContext context);
}
