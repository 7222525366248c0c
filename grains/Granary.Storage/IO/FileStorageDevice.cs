// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Runtime.InteropServices;

namespace Granary.Storage.IO;

/// <summary>The real file system.</summary>
public sealed partial class FileStorageDevice : IStorageDevice
{
    public static FileStorageDevice Instance { get; } = new();

    public IStorageFile Open(string path, bool create) =>
        new FileStorageFile(File.OpenHandle(
            path,
            create ? FileMode.OpenOrCreate : FileMode.Open,
            FileAccess.ReadWrite,
            FileShare.ReadWrite | FileShare.Delete));

    public bool FileExists(string path) => File.Exists(path);

    public bool DirectoryExists(string path) => Directory.Exists(path);

    public void CreateDirectory(string path) => Directory.CreateDirectory(path);

    public IReadOnlyList<string> ListFiles(string directory) =>
        Directory.EnumerateFiles(directory).Select(Path.GetFileName).OfType<string>().ToList();

    public IReadOnlyList<string> ListDirectories(string directory) =>
        Directory.EnumerateDirectories(directory).Select(Path.GetFileName).OfType<string>().ToList();

    public void DeleteFile(string path) => File.Delete(path);

    public void DeleteDirectory(string path) => Directory.Delete(path, recursive: true);

    public void Move(string source, string destination) => File.Move(source, destination, overwrite: true);

    public void FlushDirectory(string path)
    {
        // .NET cannot open a directory as a file, so fsync(2) it through libc. Windows has no equivalent (and needs none).
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var fd = Open(path, 0);
        if (fd < 0)
        {
            throw new IOException($"Cannot open directory '{path}' to flush it (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"fsync of directory '{path}' failed (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
