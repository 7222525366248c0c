// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Globalization;
using Granary.Storage;

namespace Granary.Grains.Partitions;

/// <summary>The key of a partition grain: <c>topic/partition</c> (topic names cannot contain '/').</summary>
public static class PartitionKey
{
    public static string Format(string topic, int partition) => string.Create(CultureInfo.InvariantCulture, $"{topic}/{partition}");

    public static string Format(TopicPartition topicPartition) => Format(topicPartition.Topic, topicPartition.Partition);

    public static bool TryParse(string key, out TopicPartition topicPartition)
    {
        topicPartition = default;
        var slash = key?.LastIndexOf('/') ?? -1;
        if (slash <= 0 || slash == key!.Length - 1 ||
            !int.TryParse(key.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var partition))
        {
            return false;
        }

        topicPartition = new TopicPartition(key[..slash], partition);
        return true;
    }
}
