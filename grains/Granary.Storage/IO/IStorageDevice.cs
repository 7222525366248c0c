// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Storage.IO;

/// <summary>
/// The file system as the log sees it, kept small (in the style of FASTER's IDevice) so tests can inject faults
/// such as a full disk without a real size-limited mount.
/// </summary>
public interface IStorageDevice
{
    /// <summary>Opens a file for reading and writing, sharing it with other readers and with rename/delete.</summary>
    IStorageFile Open(string path, bool create);

    bool FileExists(string path);

    bool DirectoryExists(string path);

    void CreateDirectory(string path);

    /// <summary>The file names (not paths) in a directory.</summary>
    IReadOnlyList<string> ListFiles(string directory);

    /// <summary>
    /// The files of a directory with their sizes and last write times, read from the directory entries without
    /// opening any file (so scheduling retention for a closed log costs no file handles).
    /// </summary>
    IReadOnlyList<StorageFileStatus> ListFileStatuses(string directory) =>
        new DirectoryInfo(directory).EnumerateFiles()
            .Select(f => new StorageFileStatus(f.Name, f.Length, new DateTimeOffset(f.LastWriteTimeUtc).ToUnixTimeMilliseconds()))
            .ToList();

    /// <summary>The sub-directory names (not paths) of a directory.</summary>
    IReadOnlyList<string> ListDirectories(string directory);

    void DeleteFile(string path);

    void DeleteDirectory(string path);

    /// <summary>Renames a file, replacing the destination (rename(2) is atomic on POSIX file systems).</summary>
    void Move(string source, string destination);

    /// <summary>Makes renames, creations and deletions in a directory durable (fsync of the directory).</summary>
    void FlushDirectory(string path);
}
