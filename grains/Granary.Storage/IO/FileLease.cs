// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Storage.IO;

/// <summary>Keeps one cached file open while in use. Dispose exactly once.</summary>
public sealed class FileLease : IDisposable
{
    private FileHandleCache.Entry? _entry;
    private readonly FileHandleCache _cache;

    internal FileLease(FileHandleCache cache, FileHandleCache.Entry entry)
    {
        _cache = cache;
        _entry = entry;
        File = entry.File;
    }

    public IStorageFile File { get; }

    public void Dispose()
    {
        var entry = Interlocked.Exchange(ref _entry, null);
        if (entry is not null)
        {
            _cache.Release(entry);
        }
    }
}
