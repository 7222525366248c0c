// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers.Binary;
using Granary.Storage.IO;

namespace Granary.Storage.Segments;

/// <summary>
/// The time index of one segment: 12-byte entries of (timestamp, int64; offset relative to the segment base,
/// int32), as Kafka's .timeindex. An entry is added only when the largest timestamp so far grows.
/// </summary>
internal sealed class TimeIndex
{
    public const int EntrySize = 12;

    private readonly Lock _lock = new();
    private readonly List<(long Timestamp, int Relative)> _entries = [];
    private int _persisted;

    public TimeIndex(long baseOffset) => BaseOffset = baseOffset;

    public long BaseOffset { get; }

    /// <summary>The last entry as (timestamp, absolute offset), or null when empty.</summary>
    public (long Timestamp, long Offset)? LastEntry
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count == 0 ? null : (_entries[^1].Timestamp, BaseOffset + _entries[^1].Relative);
            }
        }
    }

    public void MaybeAppend(long timestamp, long offset)
    {
        lock (_lock)
        {
            var relative = checked((int)(offset - BaseOffset));
            if (_entries.Count > 0 && (timestamp <= _entries[^1].Timestamp || relative < _entries[^1].Relative))
            {
                return;
            }

            _entries.Add((timestamp, relative));
        }
    }

    /// <summary>The offset of the entry with the largest timestamp &lt;= <paramref name="timestamp"/>, or the base offset.</summary>
    public long Lookup(long timestamp)
    {
        lock (_lock)
        {
            int low = 0, high = _entries.Count - 1, found = -1;
            while (low <= high)
            {
                var mid = (low + high) >>> 1;
                if (_entries[mid].Timestamp <= timestamp)
                {
                    found = mid;
                    low = mid + 1;
                }
                else
                {
                    high = mid - 1;
                }
            }

            return found < 0 ? BaseOffset : BaseOffset + _entries[found].Relative;
        }
    }

    public void TruncateToOffset(long offset)
    {
        lock (_lock)
        {
            while (_entries.Count > 0 && BaseOffset + _entries[^1].Relative >= offset)
            {
                _entries.RemoveAt(_entries.Count - 1);
            }
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _entries.Clear();
        }
    }

    public void Persist(IStorageDevice device, string path, bool flush)
    {
        byte[] bytes;
        int from;
        int count;
        lock (_lock)
        {
            count = _entries.Count;
            from = _persisted <= count ? _persisted : 0;
            bytes = new byte[(count - from) * EntrySize];
            for (var i = from; i < count; i++)
            {
                BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan((i - from) * EntrySize), _entries[i].Timestamp);
                BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(((i - from) * EntrySize) + 8), _entries[i].Relative);
            }
        }

        using var file = device.Open(path, create: true);
        if (file.Length != (long)from * EntrySize)
        {
            file.SetLength((long)from * EntrySize);
        }

        if (bytes.Length > 0)
        {
            file.Write(bytes, (long)from * EntrySize);
        }

        if (flush)
        {
            file.Flush();
        }

        lock (_lock)
        {
            _persisted = count;
        }
    }

    public static TimeIndex? TryLoad(IStorageDevice device, string path, long baseOffset, long nextOffset)
    {
        if (!device.FileExists(path))
        {
            return null;
        }

        byte[] bytes;
        using (var file = device.Open(path, create: false))
        {
            var length = file.Length;
            if (length % EntrySize != 0 || length > int.MaxValue)
            {
                return null;
            }

            bytes = new byte[length];
            if (file.Read(bytes, 0) != bytes.Length)
            {
                return null;
            }
        }

        var index = new TimeIndex(baseOffset);
        for (var i = 0; i < bytes.Length; i += EntrySize)
        {
            var timestamp = BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(i));
            var relative = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(i + 8));
            if (relative < 0 || baseOffset + relative >= nextOffset ||
                (index._entries.Count > 0 && (timestamp < index._entries[^1].Timestamp || relative < index._entries[^1].Relative)))
            {
                return null;
            }

            index._entries.Add((timestamp, relative));
        }

        index._persisted = index._entries.Count;
        return index;
    }
}
