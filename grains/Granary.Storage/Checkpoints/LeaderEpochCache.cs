// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;
using Granary.Storage.IO;

namespace Granary.Storage.Checkpoints;

/// <summary>
/// The leader epoch cache: epoch -> first offset of that epoch, persisted as Kafka's leader-epoch-checkpoint
/// ("0" version line, count, then "epoch startOffset" lines) and rewritten atomically on every change.
/// Followers use <see cref="EndOffsetFor"/> to find where their log diverges from a new leader's.
/// </summary>
public sealed class LeaderEpochCache
{
    public const string FileName = "leader-epoch-checkpoint";

    private readonly IStorageDevice _device;
    private readonly string _path;
    private readonly Lock _lock = new();
    private List<EpochEntry> _entries = [];

    internal LeaderEpochCache(IStorageDevice device, string directory)
    {
        _device = device;
        _path = Path.Combine(directory, FileName);
        Load();
    }

    public IReadOnlyList<EpochEntry> Entries
    {
        get
        {
            lock (_lock)
            {
                return [.. _entries];
            }
        }
    }

    /// <summary>The newest epoch, or -1 when nothing was written with an epoch.</summary>
    public int LatestEpoch
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count == 0 ? -1 : _entries[^1].Epoch;
            }
        }
    }

    /// <summary>Records that <paramref name="epoch"/> starts at <paramref name="startOffset"/> if it is newer than the latest.</summary>
    public bool Assign(int epoch, long startOffset)
    {
        if (epoch < 0)
        {
            return false;
        }

        lock (_lock)
        {
            if (_entries.Count > 0 && _entries[^1].Epoch >= epoch)
            {
                return false;
            }

            // An epoch never starts before the one it follows; drop stale entries as Kafka does.
            _entries.RemoveAll(e => e.StartOffset >= startOffset);
            _entries.Add(new EpochEntry(epoch, startOffset));
            Persist();
            return true;
        }
    }

    /// <summary>
    /// The end offset of <paramref name="epoch"/> (the start of the next epoch, or <paramref name="logEndOffset"/>
    /// for the latest) and the largest epoch &lt;= the requested one; (-1, -1) if the epoch is unknown.
    /// </summary>
    public (int Epoch, long EndOffset) EndOffsetFor(int epoch, long logEndOffset)
    {
        lock (_lock)
        {
            if (_entries.Count == 0 || epoch < _entries[0].Epoch)
            {
                return (-1, -1);
            }

            if (epoch >= _entries[^1].Epoch)
            {
                return (_entries[^1].Epoch, logEndOffset);
            }

            for (var i = _entries.Count - 1; i >= 0; i--)
            {
                if (_entries[i].Epoch <= epoch)
                {
                    return (_entries[i].Epoch, _entries[i + 1].StartOffset);
                }
            }

            return (-1, -1);
        }
    }

    /// <summary>Removes epochs that start at or after <paramref name="endOffset"/> (log truncated there).</summary>
    public void TruncateFromEnd(long endOffset)
    {
        lock (_lock)
        {
            if (_entries.RemoveAll(e => e.StartOffset >= endOffset) > 0)
            {
                Persist();
            }
        }
    }

    /// <summary>The log start moved: the epoch covering <paramref name="startOffset"/> now starts there.</summary>
    public void TruncateFromStart(long startOffset)
    {
        lock (_lock)
        {
            var last = _entries.FindLastIndex(e => e.StartOffset <= startOffset);
            if (last < 0 || (last == 0 && _entries[0].StartOffset == startOffset))
            {
                return;
            }

            var covering = _entries[last] with { StartOffset = startOffset };
            _entries = [covering, .. _entries.Skip(last + 1)];
            Persist();
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _entries.Clear();
            Persist();
        }
    }

    private void Persist()
    {
        var text = new StringBuilder("0\n").Append(_entries.Count.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var entry in _entries)
        {
            text.Append(entry.Epoch.ToString(CultureInfo.InvariantCulture)).Append(' ')
                .Append(entry.StartOffset.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        AtomicFile.WriteAllText(_device, _path, text.ToString());
    }

    private void Load()
    {
        string? text;
        try
        {
            text = AtomicFile.ReadAllText(_device, _path);
        }
        catch (IOException)
        {
            return;
        }

        if (text is null)
        {
            return;
        }

        // A malformed file is treated as empty: the cache is rebuilt from the epochs stamped in the batches.
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length < 2 || lines[0].Trim() != "0" || !int.TryParse(lines[1], CultureInfo.InvariantCulture, out var count) || count != lines.Length - 2)
        {
            return;
        }

        var entries = new List<EpochEntry>(count);
        foreach (var line in lines.AsSpan(2))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2 ||
                !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var epoch) ||
                !long.TryParse(parts[1], CultureInfo.InvariantCulture, out var start))
            {
                return;
            }

            entries.Add(new EpochEntry(epoch, start));
        }

        _entries = entries;
    }
}
