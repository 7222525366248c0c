// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace Granary.Silo.Network;

/// <summary>
/// Replaces Kestrel's <see cref="IMemoryPoolFactory{T}"/> so the socket transport's pipes use
/// <see cref="LargeBlockMemoryPool"/> (the transport reads the factory from DI and creates one pool per I/O queue).
/// </summary>
public sealed class LargeBlockMemoryPoolFactory : IMemoryPoolFactory<byte>
{
    /// <inheritdoc />
    public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new LargeBlockMemoryPool();
}
