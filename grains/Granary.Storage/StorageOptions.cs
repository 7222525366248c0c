// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Storage;

/// <summary>Silo-wide storage settings (Kafka's broker-level log.* names where they exist).</summary>
public sealed class StorageOptions
{
    public const int DefaultMaxOpenSegmentFiles = 1024;

    /// <summary>log.dirs: the directory holding one sub-directory per partition.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>The bound of the shared segment handle cache; cold segment files are closed beyond it.</summary>
    public int MaxOpenSegmentFiles { get; set; } = DefaultMaxOpenSegmentFiles;

    /// <summary>log.retention.check.interval.ms (5 minutes).</summary>
    public long RetentionCheckIntervalMs { get; set; } = 300_000;

    /// <summary>log.flush.offset.checkpoint.interval.ms: how often HW/recovery-point/log-start checkpoints are written (60 s).</summary>
    public long CheckpointIntervalMs { get; set; } = 60_000;

    /// <summary>log.cleaner.backoff.ms: the cleaner's sleep when there is nothing to clean (15 s).</summary>
    public long CleanerBackoffMs { get; set; } = 15_000;

    /// <summary>The topic config for partitions whose topic has none of its own.</summary>
    public LogConfig DefaultLogConfig { get; set; } = LogConfig.Default;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw new ArgumentException("Invalid value for configuration log.dirs: a directory is required.", nameof(DataDirectory));
        }

        Check(MaxOpenSegmentFiles >= 1, "max.open.segment.files", MaxOpenSegmentFiles, $"[1, {int.MaxValue}]");
        Check(RetentionCheckIntervalMs >= 1, "log.retention.check.interval.ms", RetentionCheckIntervalMs, $"[1, {long.MaxValue}]");
        Check(CheckpointIntervalMs >= 1, "log.flush.offset.checkpoint.interval.ms", CheckpointIntervalMs, $"[1, {long.MaxValue}]");
        Check(CleanerBackoffMs >= 0, "log.cleaner.backoff.ms", CleanerBackoffMs, $"[0, {long.MaxValue}]");
        DefaultLogConfig.Validate();
    }

    private static void Check(bool condition, string key, object value, string range)
    {
        if (!condition)
        {
            throw new ArgumentException($"Invalid value {value} for configuration {key}: value must be in {range}.", key);
        }
    }
}
