// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;
using Granary.Storage.IO;

namespace Granary.Storage.Checkpoints;

/// <summary>
/// Kafka's offset checkpoint text format ("0" version line, entry count, then "topic partition offset" lines),
/// used per partition for recovery-point-offset-checkpoint, replication-offset-checkpoint (the high watermark)
/// and log-start-offset-checkpoint.
/// </summary>
internal sealed class OffsetCheckpointFile(IStorageDevice device, string path, TopicPartition topicPartition)
{
    private long _lastWritten = -1;

    public string Path { get; } = path;

    public void Write(long offset)
    {
        if (offset == _lastWritten)
        {
            return;
        }

        var text = new StringBuilder()
            .Append("0\n1\n")
            .Append(topicPartition.Topic).Append(' ')
            .Append(topicPartition.Partition.ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(offset.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .ToString();
        AtomicFile.WriteAllText(device, Path, text);
        _lastWritten = offset;
    }

    /// <summary>The stored offset, or null when the file is missing or unreadable (callers fall back safely).</summary>
    public long? Read()
    {
        string? text;
        try
        {
            text = AtomicFile.ReadAllText(device, Path);
        }
        catch (IOException)
        {
            return null;
        }

        if (text is null)
        {
            return null;
        }

        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length < 3 || lines[0].Trim() != "0")
        {
            return null;
        }

        foreach (var line in lines.AsSpan(2))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 3 && parts[0] == topicPartition.Topic &&
                int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var partition) && partition == topicPartition.Partition &&
                long.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var offset))
            {
                _lastWritten = offset;
                return offset;
            }
        }

        return null;
    }
}
