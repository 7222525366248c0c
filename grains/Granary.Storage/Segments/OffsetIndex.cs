// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers.Binary;
using Granary.Storage.IO;

namespace Granary.Storage.Segments;

/// <summary>
/// The sparse offset index of one segment: 8-byte entries of (offset relative to the segment base, int32;
/// file position, int32), big-endian as in Kafka's .index. Each entry names the last offset of a batch and the
/// batch's position, one entry per index.interval.bytes of log. Held in memory; written to disk on roll, on
/// clean shutdown and on checkpoint (recovery rebuilds it from the log otherwise).
/// </summary>
internal sealed class OffsetIndex
{
    public const int EntrySize = 8;

    private readonly Lock _lock = new();
    private int[] _offsets;
    private int[] _positions;
    private int _count;
    private int _persisted;

    public OffsetIndex(long baseOffset, int maxIndexBytes)
    {
        BaseOffset = baseOffset;
        MaxEntries = Math.Max(1, maxIndexBytes / EntrySize);
        _offsets = new int[Math.Min(MaxEntries, 16)];
        _positions = new int[_offsets.Length];
    }

    public long BaseOffset { get; }

    public int MaxEntries { get; }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    public bool IsFull => Count >= MaxEntries;

    /// <summary>Adds an entry; offsets must increase (an equal or smaller one is ignored, as after a rebuild).</summary>
    public void Append(long offset, int position)
    {
        lock (_lock)
        {
            var relative = checked((int)(offset - BaseOffset));
            if (_count > 0 && relative <= _offsets[_count - 1])
            {
                return;
            }

            if (_count == _offsets.Length)
            {
                var size = Math.Min(MaxEntries, _count * 2);
                Array.Resize(ref _offsets, Math.Max(size, _count + 1));
                Array.Resize(ref _positions, _offsets.Length);
            }

            _offsets[_count] = relative;
            _positions[_count] = position;
            _count++;
        }
    }

    /// <summary>The position to start scanning for <paramref name="offset"/>: the entry with the largest offset &lt;= it.</summary>
    public int Lookup(long offset)
    {
        lock (_lock)
        {
            var relative = offset - BaseOffset;
            int low = 0, high = _count - 1, found = -1;
            while (low <= high)
            {
                var mid = (low + high) >>> 1;
                if (_offsets[mid] <= relative)
                {
                    found = mid;
                    low = mid + 1;
                }
                else
                {
                    high = mid - 1;
                }
            }

            return found < 0 ? 0 : _positions[found];
        }
    }

    /// <summary>
    /// The largest indexed batch position in (<paramref name="after"/>, <paramref name="maxPosition"/>] whose batch's
    /// last offset is below <paramref name="limitOffset"/>, or -1. Every batch before that position then ends below
    /// the limit, so a reader can take [start, position) without reading each batch header.
    /// </summary>
    public long FindBoundary(long after, long maxPosition, long limitOffset)
    {
        lock (_lock)
        {
            int low = 0, high = _count - 1, found = -1;
            while (low <= high)
            {
                var mid = (low + high) >>> 1;
                if (_positions[mid] <= maxPosition && BaseOffset + _offsets[mid] < limitOffset)
                {
                    found = mid;
                    low = mid + 1;
                }
                else
                {
                    high = mid - 1;
                }
            }

            return found >= 0 && _positions[found] > after ? _positions[found] : -1;
        }
    }

    /// <summary>The last entry as (absolute offset, position), or (BaseOffset, 0) when empty.</summary>
    public (long Offset, int Position) LastEntry
    {
        get
        {
            lock (_lock)
            {
                return _count == 0 ? (BaseOffset, 0) : (BaseOffset + _offsets[_count - 1], _positions[_count - 1]);
            }
        }
    }

    /// <summary>Drops entries at or beyond <paramref name="position"/> (the log was truncated there).</summary>
    public void TruncateToPosition(long position)
    {
        lock (_lock)
        {
            while (_count > 0 && _positions[_count - 1] >= position)
            {
                _count--;
            }
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _count = 0;
        }
    }

    /// <summary>Writes entries not yet on disk (rewriting the file if entries were dropped), optionally with fsync.</summary>
    public void Persist(IStorageDevice device, string path, bool flush)
    {
        byte[] bytes;
        int from;
        int count;
        lock (_lock)
        {
            count = _count;
            from = _persisted <= _count ? _persisted : 0;
            bytes = new byte[(count - from) * EntrySize];
            for (var i = from; i < count; i++)
            {
                BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan((i - from) * EntrySize), _offsets[i]);
                BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(((i - from) * EntrySize) + 4), _positions[i]);
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

    /// <summary>Loads an index file; null when it is missing or fails the sanity checks (the caller rebuilds it).</summary>
    public static OffsetIndex? TryLoad(IStorageDevice device, string path, long baseOffset, int maxIndexBytes, long logSize)
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

        var index = new OffsetIndex(baseOffset, Math.Max(maxIndexBytes, bytes.Length));
        var previousOffset = -1;
        var previousPosition = -1;
        for (var i = 0; i < bytes.Length; i += EntrySize)
        {
            var relative = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(i));
            var position = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(i + 4));
            if (relative <= previousOffset || position <= previousPosition || position >= logSize)
            {
                return null;
            }

            index.Append(baseOffset + relative, position);
            previousOffset = relative;
            previousPosition = position;
        }

        index._persisted = index._count;
        return index;
    }
}
