// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Globalization;

namespace Granary.Grains.Topics;

/// <summary>
/// The topic-level configs Granary understands, under Kafka's names, with Kafka's defaults, allowed ranges and the
/// broker setting each inherits from when a topic does not override it (retention.ms from log.retention.ms, ...).
/// </summary>
public static class TopicConfigCatalog
{
    private static readonly Dictionary<string, TopicConfigDefinition> ByName = Build().ToDictionary(d => d.Name, StringComparer.Ordinal);

    /// <summary>Every topic config, in name order.</summary>
    public static IReadOnlyList<TopicConfigDefinition> All { get; } = [.. ByName.Values.OrderBy(d => d.Name, StringComparer.Ordinal)];

    /// <summary>Finds a topic config by its exact Kafka name.</summary>
    public static bool TryFind(string name, out TopicConfigDefinition definition) => ByName.TryGetValue(name, out definition!);

    /// <summary>Null when <paramref name="value"/> is a valid value for <paramref name="name"/>, else INVALID_CONFIG's message naming the key and the allowed values.</summary>
    public static string? Check(string name, string? value)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!TryFind(name, out var definition))
        {
            return $"Unknown topic config name: {name}";
        }

        if (value is null || !definition.Validate(value.Trim()))
        {
            return $"Invalid value {value ?? "null"} for configuration {name}: value must be in {definition.ValidValues}";
        }

        return null;
    }

    /// <summary>Throws <see cref="TopicConfigException"/> for the first invalid entry.</summary>
    public static void Validate(IEnumerable<KeyValuePair<string, string>> configs)
    {
        ArgumentNullException.ThrowIfNull(configs);
        foreach (var (name, value) in configs)
        {
            if (Check(name, value) is { } error)
            {
                throw new TopicConfigException(error);
            }
        }
    }

    private static IEnumerable<TopicConfigDefinition> Build()
    {
        const string Max = "9223372036854775807";
        yield return List("cleanup.policy", "log.cleanup.policy", "delete", ["compact", "delete"], "The retention policy on old log segments: delete and/or compact.");
        yield return Choice("compression.type", "compression.type", "producer", ["uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"], "The final compression type for the topic; producer keeps the producer's codec.");
        yield return Long("delete.retention.ms", "log.cleaner.delete.retention.ms", "86400000", 0, "How long delete tombstones are kept for compacted topics.");
        yield return Long("file.delete.delay.ms", "log.segment.delete.delay.ms", "60000", 0, "How long to wait before deleting a file from the filesystem.");
        yield return Long("flush.messages", "log.flush.interval.messages", Max, 1, "Force an fsync after this many messages.");
        yield return Long("flush.ms", "log.flush.interval.ms", Max, 0, "Force an fsync after this much time.");
        yield return Int("index.interval.bytes", "log.index.interval.bytes", "4096", 0, "How often an offset index entry is added.");
        yield return Long("max.compaction.lag.ms", "log.cleaner.max.compaction.lag.ms", Max, 1, "The longest a message stays ineligible for compaction.");
        yield return Int("max.message.bytes", "message.max.bytes", "1048588", 0, "The largest record batch size allowed.");
        yield return Long("message.timestamp.after.max.ms", "log.message.timestamp.after.max.ms", Max, 0, "How far a record timestamp may be ahead of the broker's time.");
        yield return Long("message.timestamp.before.max.ms", "log.message.timestamp.before.max.ms", Max, 0, "How far a record timestamp may be behind the broker's time.");
        yield return Long("message.timestamp.difference.max.ms", "log.message.timestamp.difference.max.ms", Max, 0, "The largest difference allowed between a record timestamp and the broker's time.");
        yield return Choice("message.timestamp.type", "log.message.timestamp.type", "CreateTime", ["CreateTime", "LogAppendTime"], "Whether record timestamps are the producer's create time or the log append time.");
        yield return Double("min.cleanable.dirty.ratio", "log.cleaner.min.cleanable.ratio", "0.5", 0, 1, "How dirty the log must be before the cleaner compacts it.");
        yield return Long("min.compaction.lag.ms", "log.cleaner.min.compaction.lag.ms", "0", 0, "The shortest time a message stays uncompacted.");
        yield return Int("min.insync.replicas", "min.insync.replicas", "1", 1, "The fewest in-sync replicas that must acknowledge a write with acks=all.");
        yield return Bool("preallocate", "log.preallocate", "false", "Whether to preallocate the file on disk when creating a segment.");
        yield return Long("retention.bytes", "log.retention.bytes", "-1", -1, "The largest size a partition may grow to before old segments are discarded (-1: no limit).");
        yield return Long("retention.ms", "log.retention.ms", "604800000", -1, "How long a log is kept before old segments are discarded (-1: no limit).");
        yield return Int("segment.bytes", "log.segment.bytes", "1073741824", 14, "The segment file size.");
        yield return Int("segment.index.bytes", "log.index.size.max.bytes", "10485760", 4, "The size of the index that maps offsets to file positions.");
        yield return Long("segment.jitter.ms", null, "0", 0, "The largest random jitter subtracted from the scheduled segment roll time.");
        yield return Long("segment.ms", "log.roll.ms", "604800000", 1, "The time after which the active segment is rolled even if not full.");
        yield return Bool("unclean.leader.election.enable", "unclean.leader.election.enable", "false", "Whether replicas not in the ISR may be elected leader as a last resort.");
    }

    private static string Range(long min, long max) => string.Create(CultureInfo.InvariantCulture, $"[{min},...,{max}]");

    private static TopicConfigDefinition Int(string name, string? broker, string defaultValue, int min, string doc) =>
        new(name, broker, TopicConfigType.Int, defaultValue, Range(min, int.MaxValue), doc,
            v => int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var x) && x >= min);

    private static TopicConfigDefinition Long(string name, string? broker, string defaultValue, long min, string doc) =>
        new(name, broker, TopicConfigType.Long, defaultValue, Range(min, long.MaxValue), doc,
            v => long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var x) && x >= min);

    private static TopicConfigDefinition Double(string name, string? broker, string defaultValue, double min, double max, string doc) =>
        new(name, broker, TopicConfigType.Double, defaultValue, string.Create(CultureInfo.InvariantCulture, $"[{min},...,{max}]"), doc,
            v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && x >= min && x <= max);

    private static TopicConfigDefinition Bool(string name, string? broker, string defaultValue, string doc) =>
        new(name, broker, TopicConfigType.Boolean, defaultValue, "[true, false]", doc,
            v => v.Equals("true", StringComparison.OrdinalIgnoreCase) || v.Equals("false", StringComparison.OrdinalIgnoreCase));

    private static TopicConfigDefinition Choice(string name, string? broker, string defaultValue, string[] allowed, string doc) =>
        new(name, broker, TopicConfigType.String, defaultValue, $"[{string.Join(", ", allowed)}]", doc,
            v => Array.IndexOf(allowed, v) >= 0);

    private static TopicConfigDefinition List(string name, string? broker, string defaultValue, string[] allowed, string doc) =>
        new(name, broker, TopicConfigType.List, defaultValue, $"[{string.Join(", ", allowed)}]", doc,
            v =>
            {
                var parts = v.Split(',', StringSplitOptions.TrimEntries);
                return parts.Length > 0 && parts.All(p => Array.IndexOf(allowed, p) >= 0);
            });
}
