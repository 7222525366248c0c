// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Protocol.Primitives;

/// <summary>
/// An output buffer that can take <see cref="ExternalBytes"/> by reference: they are counted as written at the
/// current position and read from their source only when the buffer is sent.
/// </summary>
public interface IExternalBytesSink
{
    /// <summary>Appends <paramref name="bytes"/> at the current position and takes ownership of them.</summary>
    void AppendExternal(ExternalBytes bytes);
}
