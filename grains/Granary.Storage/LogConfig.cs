// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Globalization;
using Granary.Protocol.Records;

namespace Granary.Storage;

/// <summary>
/// Per-topic log settings, named and defaulted as Kafka's topic-level configs. Build one with
/// <see cref="FromProperties"/> (Kafka key names) or an object initializer, then call <see cref="Validate"/>.
/// </summary>
/// <remarks>
/// One deliberate difference from Kafka: <see cref="FlushMessages"/> defaults to 1 (fsync every group commit),
/// where Kafka's default is Long.MaxValue (leave flushing to the OS). Kafka can rely on replicas for durability;
/// a single Granary silo with no replicas must not lose an acknowledged write on power loss. Topics replicated
/// to other silos may set flush.messages higher to trade that guarantee for throughput.
/// </remarks>
public sealed record LogConfig
{
    public const string SegmentBytesKey = "segment.bytes";
    public const string SegmentMsKey = "segment.ms";
    public const string SegmentIndexBytesKey = "segment.index.bytes";
    public const string IndexIntervalBytesKey = "index.interval.bytes";
    public const string RetentionMsKey = "retention.ms";
    public const string RetentionBytesKey = "retention.bytes";
    public const string CleanupPolicyKey = "cleanup.policy";
    public const string DeleteRetentionMsKey = "delete.retention.ms";
    public const string MinCleanableDirtyRatioKey = "min.cleanable.dirty.ratio";
    public const string MinCompactionLagMsKey = "min.compaction.lag.ms";
    public const string FlushMessagesKey = "flush.messages";
    public const string FlushMsKey = "flush.ms";
    public const string MessageTimestampTypeKey = "message.timestamp.type";
    public const string MaxMessageBytesKey = "max.message.bytes";
    public const string FileDeleteDelayMsKey = "file.delete.delay.ms";

    public static LogConfig Default { get; } = new();

    /// <summary>segment.bytes: the size at which the active segment rolls (1 GiB).</summary>
    public int SegmentBytes { get; init; } = 1024 * 1024 * 1024;

    /// <summary>segment.ms: the age at which the active segment rolls even if not full (7 days).</summary>
    public long SegmentMs { get; init; } = 7L * 24 * 60 * 60 * 1000;

    /// <summary>segment.index.bytes: the maximum size of an offset index; a full index rolls the segment (10 MiB).</summary>
    public int SegmentIndexBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>index.interval.bytes: bytes of log between two offset index entries (4096).</summary>
    public int IndexIntervalBytes { get; init; } = 4096;

    /// <summary>retention.ms: segments whose newest record is older are deleted; -1 keeps them (7 days).</summary>
    public long RetentionMs { get; init; } = 7L * 24 * 60 * 60 * 1000;

    /// <summary>retention.bytes: the partition size beyond which the oldest segments are deleted; -1 = no limit.</summary>
    public long RetentionBytes { get; init; } = -1;

    /// <summary>cleanup.policy: delete (retention), compact, or both.</summary>
    public CleanupPolicy CleanupPolicy { get; init; } = CleanupPolicy.Delete;

    /// <summary>delete.retention.ms: how long tombstones survive compaction (1 day).</summary>
    public long DeleteRetentionMs { get; init; } = 24L * 60 * 60 * 1000;

    /// <summary>min.cleanable.dirty.ratio: the dirty share of the log that triggers compaction (0.5).</summary>
    public double MinCleanableDirtyRatio { get; init; } = 0.5;

    /// <summary>min.compaction.lag.ms: records younger than this are never compacted (0).</summary>
    public long MinCompactionLagMs { get; init; }

    /// <summary>flush.messages: records between two fsyncs. Granary default 1 (see remarks); Kafka's is Long.MaxValue.</summary>
    public long FlushMessages { get; init; } = 1;

    /// <summary>flush.ms: the longest time written data may stay unflushed (Long.MaxValue = no time-based flush).</summary>
    public long FlushMs { get; init; } = long.MaxValue;

    /// <summary>message.timestamp.type: CreateTime keeps producer timestamps; LogAppendTime stamps the broker's clock.</summary>
    public TimestampType MessageTimestampType { get; init; } = TimestampType.CreateTime;

    /// <summary>max.message.bytes: the largest record batch accepted (1048588).</summary>
    public int MaxMessageBytes { get; init; } = 1024 * 1024 + RecordBatchHeader.LogOverhead;

    /// <summary>file.delete.delay.ms: how long a deleted segment stays as a .deleted file (60 s).</summary>
    public long FileDeleteDelayMs { get; init; } = 60_000;

    public bool DeletesByRetention => (CleanupPolicy & CleanupPolicy.Delete) != 0;

    public bool Compacts => (CleanupPolicy & CleanupPolicy.Compact) != 0;

    /// <summary>Reads Kafka-named properties; unknown keys are ignored (they belong to other layers).</summary>
    public static LogConfig FromProperties(IEnumerable<KeyValuePair<string, string>> properties, LogConfig? defaults = null)
    {
        ArgumentNullException.ThrowIfNull(properties);
        var config = defaults ?? Default;
        foreach (var (key, value) in properties)
        {
            config = key switch
            {
                SegmentBytesKey => config with { SegmentBytes = checked((int)ParseLong(key, value)) },
                SegmentMsKey => config with { SegmentMs = ParseLong(key, value) },
                SegmentIndexBytesKey => config with { SegmentIndexBytes = checked((int)ParseLong(key, value)) },
                IndexIntervalBytesKey => config with { IndexIntervalBytes = checked((int)ParseLong(key, value)) },
                RetentionMsKey => config with { RetentionMs = ParseLong(key, value) },
                RetentionBytesKey => config with { RetentionBytes = ParseLong(key, value) },
                CleanupPolicyKey => config with { CleanupPolicy = ParseCleanupPolicy(value) },
                DeleteRetentionMsKey => config with { DeleteRetentionMs = ParseLong(key, value) },
                MinCleanableDirtyRatioKey => config with { MinCleanableDirtyRatio = ParseDouble(key, value) },
                MinCompactionLagMsKey => config with { MinCompactionLagMs = ParseLong(key, value) },
                FlushMessagesKey => config with { FlushMessages = ParseLong(key, value) },
                FlushMsKey => config with { FlushMs = ParseLong(key, value) },
                MessageTimestampTypeKey => config with { MessageTimestampType = ParseTimestampType(value) },
                MaxMessageBytesKey => config with { MaxMessageBytes = checked((int)ParseLong(key, value)) },
                FileDeleteDelayMsKey => config with { FileDeleteDelayMs = ParseLong(key, value) },
                _ => config,
            };
        }

        config.Validate();
        return config;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first key whose value is out of range.</summary>
    public void Validate()
    {
        Require(SegmentBytes >= RecordBatchHeader.Size, SegmentBytesKey, SegmentBytes, $"[{RecordBatchHeader.Size}, {int.MaxValue}]");
        Require(SegmentMs >= 1, SegmentMsKey, SegmentMs, $"[1, {long.MaxValue}]");
        Require(SegmentIndexBytes >= 8, SegmentIndexBytesKey, SegmentIndexBytes, $"[8, {int.MaxValue}]");
        Require(IndexIntervalBytes >= 0, IndexIntervalBytesKey, IndexIntervalBytes, $"[0, {int.MaxValue}]");
        Require(RetentionMs >= -1, RetentionMsKey, RetentionMs, $"[-1, {long.MaxValue}]");
        Require(RetentionBytes >= -1, RetentionBytesKey, RetentionBytes, $"[-1, {long.MaxValue}]");
        Require(CleanupPolicy != CleanupPolicy.None, CleanupPolicyKey, CleanupPolicy, "[delete, compact, compact,delete]");
        Require(DeleteRetentionMs >= 0, DeleteRetentionMsKey, DeleteRetentionMs, $"[0, {long.MaxValue}]");
        Require(MinCleanableDirtyRatio is >= 0 and <= 1, MinCleanableDirtyRatioKey, MinCleanableDirtyRatio, "[0, 1]");
        Require(MinCompactionLagMs >= 0, MinCompactionLagMsKey, MinCompactionLagMs, $"[0, {long.MaxValue}]");
        Require(FlushMessages >= 1, FlushMessagesKey, FlushMessages, $"[1, {long.MaxValue}]");
        Require(FlushMs >= 0, FlushMsKey, FlushMs, $"[0, {long.MaxValue}]");
        Require(Enum.IsDefined(MessageTimestampType), MessageTimestampTypeKey, MessageTimestampType, "[CreateTime, LogAppendTime]");
        Require(MaxMessageBytes >= 0, MaxMessageBytesKey, MaxMessageBytes, $"[0, {int.MaxValue}]");
        Require(FileDeleteDelayMs >= 0, FileDeleteDelayMsKey, FileDeleteDelayMs, $"[0, {long.MaxValue}]");
    }

    private static void Require(bool condition, string key, object value, string range)
    {
        if (!condition)
        {
            throw new ArgumentException($"Invalid value {value} for configuration {key}: value must be in {range}.", key);
        }
    }

    private static long ParseLong(string key, string value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw new ArgumentException($"Invalid value {value} for configuration {key}: expected an integer.", key);

    private static double ParseDouble(string key, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw new ArgumentException($"Invalid value {value} for configuration {key}: expected a number.", key);

    private static CleanupPolicy ParseCleanupPolicy(string value)
    {
        var policy = CleanupPolicy.None;
        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            policy |= part switch
            {
                "delete" => CleanupPolicy.Delete,
                "compact" => CleanupPolicy.Compact,
                _ => throw new ArgumentException($"Invalid value {value} for configuration {CleanupPolicyKey}: value must be in [delete, compact].", CleanupPolicyKey),
            };
        }

        return policy;
    }

    private static TimestampType ParseTimestampType(string value) => value switch
    {
        "CreateTime" => TimestampType.CreateTime,
        "LogAppendTime" => TimestampType.LogAppendTime,
        _ => throw new ArgumentException($"Invalid value {value} for configuration {MessageTimestampTypeKey}: value must be in [CreateTime, LogAppendTime].", MessageTimestampTypeKey),
    };
}
