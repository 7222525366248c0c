// Copyright (c) Granary contributors. Licensed under the MIT License.

using Microsoft.Win32.SafeHandles;

namespace Granary.Storage.IO;

/// <summary>An open file of a <see cref="IStorageDevice"/>: positional reads and writes, no shared cursor.</summary>
/// <remarks>Positional I/O is what lets one writer and many readers share a handle without locking.</remarks>
public interface IStorageFile : IDisposable
{
    /// <summary>The OS handle, for zero-copy sends (sendfile) by the network layer.</summary>
    SafeFileHandle Handle { get; }

    long Length { get; }

    int Read(Span<byte> buffer, long position);

    /// <summary>Writes every buffer, in order, starting at <paramref name="position"/> (one gathered write).</summary>
    void Write(IReadOnlyList<ReadOnlyMemory<byte>> buffers, long position);

    void Write(ReadOnlySpan<byte> buffer, long position);

    /// <summary>Forces written data and the file size to stable storage (fsync).</summary>
    void Flush();

    void SetLength(long length);
}
