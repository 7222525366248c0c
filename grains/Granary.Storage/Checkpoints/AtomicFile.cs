// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Text;
using Granary.Storage.IO;

namespace Granary.Storage.Checkpoints;

/// <summary>Small files replaced atomically: write a temp file, fsync it, rename over the target, fsync the directory.</summary>
internal static class AtomicFile
{
    public static void WriteAllText(IStorageDevice device, string path, string text)
    {
        var temp = path + ".tmp";
        var bytes = Encoding.UTF8.GetBytes(text);
        using (var file = device.Open(temp, create: true))
        {
            file.SetLength(0);
            file.Write(bytes, 0);
            file.Flush();
        }

        device.Move(temp, path);
        device.FlushDirectory(Path.GetDirectoryName(path)!);
    }

    /// <summary>Reads a whole small file, or null if it does not exist.</summary>
    public static string? ReadAllText(IStorageDevice device, string path)
    {
        if (!device.FileExists(path))
        {
            return null;
        }

        using var file = device.Open(path, create: false);
        var length = file.Length;
        if (length > 16 * 1024 * 1024)
        {
            throw new InvalidDataException($"'{path}' is too large to be a checkpoint file ({length} bytes).");
        }

        var bytes = new byte[length];
        var read = file.Read(bytes, 0);
        return Encoding.UTF8.GetString(bytes, 0, read);
    }
}
