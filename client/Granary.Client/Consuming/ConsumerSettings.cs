// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Client.Configuration;

namespace Granary.Client.Consuming;

/// <summary>The consumer's view of its validated configuration, read once at Build.</summary>
internal sealed record ConsumerSettings
{
    public string? GroupId { get; init; }

    public string? GroupInstanceId { get; init; }

    public IReadOnlyList<string> AssignmentStrategies { get; init; } = ["range", "roundrobin"];

    public TimeSpan SessionTimeout { get; init; } = TimeSpan.FromSeconds(45);

    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(3);

    public TimeSpan MaxPollInterval { get; init; } = TimeSpan.FromMinutes(5);

    public bool EnableAutoCommit { get; init; } = true;

    public TimeSpan AutoCommitInterval { get; init; } = TimeSpan.FromSeconds(5);

    public bool EnableAutoOffsetStore { get; init; } = true;

    public long QueuedMaxBytes { get; init; } = 65536L * 1024;

    public int QueuedMinMessages { get; init; } = 100000;

    public int FetchWaitMaxMs { get; init; } = 500;

    public int MaxPartitionFetchBytes { get; init; } = 1048576;

    public int FetchMaxBytes { get; init; } = 52428800;

    public int FetchMinBytes { get; init; } = 1;

    public TimeSpan FetchErrorBackoff { get; init; } = TimeSpan.FromMilliseconds(500);

    public bool ReadCommitted { get; init; } = true;

    public bool EnablePartitionEof { get; init; }

    public bool CheckCrcs { get; init; }

    /// <summary>Offset.Beginning, Offset.End, or Offset.Unset for "error".</summary>
    public Offset AutoOffsetReset { get; init; } = Offset.End;

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan RetryBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan TopicMetadataRefreshInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>dotnet.consumer.consume.result.fields includes headers (Confluent then always sets Message.Headers).</summary>
    public bool ResultHeaders { get; init; } = true;

    /// <summary>dotnet.consumer.consume.result.fields includes timestamp.</summary>
    public bool ResultTimestamp { get; init; } = true;

    /// <summary>Zero disables statistics.</summary>
    public TimeSpan StatisticsInterval { get; init; }

    public static ConsumerSettings From(ResolvedConfig config)
    {
        var strategies = (config.GetString("partition.assignment.strategy") ?? "range,roundrobin")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (strategies.Contains("cooperative-sticky") && strategies.Length > 1)
        {
            // librdkafka refuses to mix the eager and cooperative protocols in one member.
            throw new ArgumentException(
                "Configuration property \"partition.assignment.strategy\": cooperative-sticky cannot be combined with an eager strategy.",
                "partition.assignment.strategy");
        }

        var session = config.GetInt32("session.timeout.ms");
        var heartbeat = config.GetInt32("heartbeat.interval.ms");
        var maxPoll = config.GetInt32("max.poll.interval.ms");
        if (maxPoll < session)
        {
            throw new ArgumentException(
                $"Configuration property \"max.poll.interval.ms\" ({maxPoll}) must be >= \"session.timeout.ms\" ({session}).", "max.poll.interval.ms");
        }

        var queuedKb = config.GetInt64("queued.max.messages.kbytes");
        var fields = (config.GetString("dotnet.consumer.consume.result.fields") ?? "all")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var field in fields)
        {
            if (field is not ("all" or "none" or "headers" or "timestamp" or "topic"))
            {
                throw new ArgumentException(
                    $"Configuration property \"dotnet.consumer.consume.result.fields\": unknown field '{field}' (allowed: all, none, headers, timestamp, topic).",
                    "dotnet.consumer.consume.result.fields");
            }
        }

        var all = fields.Contains("all");
        return new ConsumerSettings
        {
            GroupId = config.GetString("group.id") is { Length: > 0 } g ? g : null,
            GroupInstanceId = config.GetString("group.instance.id") is { Length: > 0 } i ? i : null,
            AssignmentStrategies = strategies,
            SessionTimeout = TimeSpan.FromMilliseconds(session),
            HeartbeatInterval = TimeSpan.FromMilliseconds(heartbeat),
            MaxPollInterval = TimeSpan.FromMilliseconds(maxPoll),
            EnableAutoCommit = config.GetBoolean("enable.auto.commit"),
            AutoCommitInterval = TimeSpan.FromMilliseconds(config.GetInt64("auto.commit.interval.ms")),
            EnableAutoOffsetStore = config.GetBoolean("enable.auto.offset.store"),
            QueuedMaxBytes = queuedKb * 1024,
            QueuedMinMessages = config.GetInt32("queued.min.messages"),
            FetchWaitMaxMs = config.GetInt32("fetch.wait.max.ms"),
            MaxPartitionFetchBytes = config.GetInt32("max.partition.fetch.bytes"),
            FetchMaxBytes = config.GetInt32("fetch.max.bytes"),
            FetchMinBytes = config.GetInt32("fetch.min.bytes"),
            FetchErrorBackoff = TimeSpan.FromMilliseconds(config.GetInt64("fetch.error.backoff.ms")),
            ReadCommitted = config.GetString("isolation.level") != "read_uncommitted",
            EnablePartitionEof = config.GetBoolean("enable.partition.eof"),
            CheckCrcs = config.GetBoolean("check.crcs"),
            AutoOffsetReset = config.GetString("auto.offset.reset") switch
            {
                "smallest" or "earliest" or "beginning" => Offset.Beginning,
                "error" => Offset.Unset,
                _ => Offset.End,
            },
            RequestTimeout = TimeSpan.FromMilliseconds(config.GetInt64("request.timeout.ms")),
            RetryBackoff = TimeSpan.FromMilliseconds(config.GetInt64("retry.backoff.ms")),
            TopicMetadataRefreshInterval = TimeSpan.FromMilliseconds(config.GetInt64("topic.metadata.refresh.interval.ms")),
            ResultHeaders = all || fields.Contains("headers"),
            ResultTimestamp = all || fields.Contains("timestamp"),
            StatisticsInterval = TimeSpan.FromMilliseconds(config.GetInt64("statistics.interval.ms")),
        };
    }
}
