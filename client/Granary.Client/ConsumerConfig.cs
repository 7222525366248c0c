// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>Consumer configuration (librdkafka property names).</summary>
public class ConsumerConfig : ClientConfig
{
    public ConsumerConfig()
    {
    }

    public ConsumerConfig(ClientConfig config)
        : base(config)
    {
    }

    public ConsumerConfig(IDictionary<string, string> config)
        : base(config)
    {
    }

    public string? GroupId { get => Get("group.id"); set => SetObject("group.id", value); }

    public string? GroupInstanceId { get => Get("group.instance.id"); set => SetObject("group.instance.id", value); }

    public AutoOffsetReset? AutoOffsetReset
    {
        get => Get("auto.offset.reset") switch
        {
            null => null,
            "smallest" or "earliest" or "beginning" => Client.AutoOffsetReset.Earliest,
            "largest" or "latest" or "end" => Client.AutoOffsetReset.Latest,
            _ => Client.AutoOffsetReset.Error,
        };
        set => SetObject("auto.offset.reset", value);
    }

    public bool? EnableAutoCommit { get => GetBool("enable.auto.commit"); set => SetObject("enable.auto.commit", value); }

    public int? AutoCommitIntervalMs { get => GetInt("auto.commit.interval.ms"); set => SetObject("auto.commit.interval.ms", value); }

    public bool? EnableAutoOffsetStore { get => GetBool("enable.auto.offset.store"); set => SetObject("enable.auto.offset.store", value); }

    public IsolationLevel? IsolationLevel
    {
        get => (IsolationLevel?)GetEnum(typeof(IsolationLevel), "isolation.level");
        set => SetObject("isolation.level", value);
    }

    public int? SessionTimeoutMs { get => GetInt("session.timeout.ms"); set => SetObject("session.timeout.ms", value); }

    public int? HeartbeatIntervalMs { get => GetInt("heartbeat.interval.ms"); set => SetObject("heartbeat.interval.ms", value); }

    public int? MaxPollIntervalMs { get => GetInt("max.poll.interval.ms"); set => SetObject("max.poll.interval.ms", value); }

    public PartitionAssignmentStrategy? PartitionAssignmentStrategy
    {
        get => (PartitionAssignmentStrategy?)GetEnum(typeof(PartitionAssignmentStrategy), "partition.assignment.strategy");
        set => SetObject("partition.assignment.strategy", value);
    }

    public int? FetchMinBytes { get => GetInt("fetch.min.bytes"); set => SetObject("fetch.min.bytes", value); }

    public int? FetchMaxBytes { get => GetInt("fetch.max.bytes"); set => SetObject("fetch.max.bytes", value); }

    public int? FetchWaitMaxMs { get => GetInt("fetch.wait.max.ms"); set => SetObject("fetch.wait.max.ms", value); }

    public int? MaxPartitionFetchBytes { get => GetInt("max.partition.fetch.bytes"); set => SetObject("max.partition.fetch.bytes", value); }

    public int? QueuedMinMessages { get => GetInt("queued.min.messages"); set => SetObject("queued.min.messages", value); }

    public int? QueuedMaxMessagesKbytes { get => GetInt("queued.max.messages.kbytes"); set => SetObject("queued.max.messages.kbytes", value); }

    public bool? EnablePartitionEof { get => GetBool("enable.partition.eof"); set => SetObject("enable.partition.eof", value); }

    public bool? CheckCrcs { get => GetBool("check.crcs"); set => SetObject("check.crcs", value); }
}
