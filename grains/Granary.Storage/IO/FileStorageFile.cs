// Copyright (c) Granary contributors. Licensed under the MIT License.

using Microsoft.Win32.SafeHandles;

namespace Granary.Storage.IO;

/// <summary>A real file, accessed through <see cref="RandomAccess"/>.</summary>
public sealed class FileStorageFile : IStorageFile
{
    private readonly SafeFileHandle _handle;

    public FileStorageFile(SafeFileHandle handle) => _handle = handle;

    public SafeFileHandle Handle => _handle;

    public long Length => RandomAccess.GetLength(_handle);

    public int Read(Span<byte> buffer, long position)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = RandomAccess.Read(_handle, buffer[total..], position + total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    public void Write(IReadOnlyList<ReadOnlyMemory<byte>> buffers, long position) => RandomAccess.Write(_handle, buffers, position);

    public void Write(ReadOnlySpan<byte> buffer, long position) => RandomAccess.Write(_handle, buffer, position);

    public void Flush() => RandomAccess.FlushToDisk(_handle);

    public void SetLength(long length) => RandomAccess.SetLength(_handle, length);

    public void Dispose() => _handle.Dispose();
}
