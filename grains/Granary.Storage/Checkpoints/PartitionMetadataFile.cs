// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers.Text;
using Granary.Storage.IO;

namespace Granary.Storage.Checkpoints;

/// <summary>
/// Kafka's partition.metadata: "version: 0" and "topic_id: &lt;id&gt;", the id in Kafka's Uuid text form
/// (16 big-endian bytes, URL-safe base64 without padding).
/// </summary>
public static class PartitionMetadataFile
{
    public const string FileName = "partition.metadata";

    public static void Write(IStorageDevice device, string directory, Guid topicId) =>
        AtomicFile.WriteAllText(device, Path.Combine(directory, FileName), $"version: 0\ntopic_id: {ToKafkaUuid(topicId)}\n");

    /// <summary>The stored topic id, or null if the file is missing or malformed.</summary>
    public static Guid? Read(IStorageDevice device, string directory)
    {
        var text = AtomicFile.ReadAllText(device, Path.Combine(directory, FileName));
        if (text is null)
        {
            return null;
        }

        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("topic_id:", StringComparison.Ordinal) && TryParseKafkaUuid(line["topic_id:".Length..].Trim(), out var id))
            {
                return id;
            }
        }

        return null;
    }

    public static string ToKafkaUuid(Guid id) => Base64Url.EncodeToString(id.ToByteArray(bigEndian: true));

    public static bool TryParseKafkaUuid(string text, out Guid id)
    {
        id = Guid.Empty;
        Span<byte> bytes = stackalloc byte[16];
        if (!Base64Url.TryDecodeFromChars(text, bytes, out var written) || written != 16)
        {
            return false;
        }

        id = new Guid(bytes, bigEndian: true);
        return true;
    }
}
