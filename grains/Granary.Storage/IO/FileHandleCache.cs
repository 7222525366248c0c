// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Storage.IO;

/// <summary>
/// A bounded, shared cache of open segment files. Thousands of partitions must not mean thousands of open
/// handles: cold files are closed (least recently used first) and reopened on demand. A file is never closed
/// while a lease on it is held (an in-flight read or write), so the bound is soft while leases are outstanding.
/// </summary>
public sealed class FileHandleCache : IDisposable
{
    private readonly IStorageDevice _device;
    private readonly int _capacity;
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _lru = new();
    private readonly Lock _lock = new();

    // Files already dropped from the cache (invalidated or evicted on dispose) but still leased.
    private int _orphans;

    public FileHandleCache(IStorageDevice device, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _device = device;
        _capacity = capacity;
    }

    /// <summary>The number of files open right now (cached or leased).</summary>
    public int OpenCount
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count + _orphans;
            }
        }
    }

    /// <summary>Opens (or reuses) the file at <paramref name="path"/> and holds it open until the lease is disposed.</summary>
    public FileLease Acquire(string path, bool create = false)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(path, out var entry))
            {
                entry.Leases++;
                _lru.Remove(entry.Node);
                _lru.AddFirst(entry.Node);
                return new FileLease(this, entry);
            }
        }

        // Open outside the lock: it is a system call, and other partitions should not wait for it.
        var file = _device.Open(path, create);
        lock (_lock)
        {
            if (_entries.TryGetValue(path, out var raced))
            {
                file.Dispose();
                raced.Leases++;
                return new FileLease(this, raced);
            }

            var entry = new Entry(path, file);
            entry.Node = _lru.AddFirst(entry);
            entry.Leases = 1;
            _entries[path] = entry;
            EvictLocked();
            return new FileLease(this, entry);
        }
    }

    /// <summary>Forgets a path that was renamed or deleted; its file closes once the last lease is gone.</summary>
    public void Invalidate(string path)
    {
        lock (_lock)
        {
            if (_entries.Remove(path, out var entry))
            {
                _lru.Remove(entry.Node);
                entry.Evicted = true;
                if (entry.Leases == 0)
                {
                    entry.File.Dispose();
                }
                else
                {
                    _orphans++;
                }
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var entry in _entries.Values)
            {
                entry.Evicted = true;
                if (entry.Leases == 0)
                {
                    entry.File.Dispose();
                }
                else
                {
                    _orphans++;
                }
            }

            _entries.Clear();
            _lru.Clear();
        }
    }

    internal void Release(Entry entry)
    {
        lock (_lock)
        {
            entry.Leases--;
            if (entry.Leases == 0)
            {
                if (entry.Evicted)
                {
                    _orphans--;
                    entry.File.Dispose();
                }
                else
                {
                    EvictLocked();
                }
            }
        }
    }

    private void EvictLocked()
    {
        var node = _lru.Last;
        while (_entries.Count > _capacity && node is not null)
        {
            var previous = node.Previous;
            var entry = node.Value;
            if (entry.Leases == 0)
            {
                _lru.Remove(node);
                _entries.Remove(entry.Path);
                entry.File.Dispose();
            }

            node = previous;
        }
    }

    internal sealed class Entry(string path, IStorageFile file)
    {
        public string Path { get; } = path;

        public IStorageFile File { get; } = file;

        public LinkedListNode<Entry> Node { get; set; } = null!;

        public int Leases { get; set; }

        public bool Evicted { get; set; }
    }
}
