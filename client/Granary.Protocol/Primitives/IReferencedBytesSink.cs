// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Protocol.Primitives;

/// <summary>
/// An output buffer that can take a bytes field (a record batch) by reference instead of copying it. Whoever wrote the
/// message keeps the referenced memory unchanged until the buffer has been sent.
/// </summary>
public interface IReferencedBytesSink
{
    /// <summary>
    /// Appends <paramref name="bytes"/> at the current position by reference; false when the sink wants them copied
    /// (too small to be worth a separate segment, or not backed by an array).
    /// </summary>
    bool TryAppendReference(ReadOnlyMemory<byte> bytes);
}
