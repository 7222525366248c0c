// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Streams.Failures;
using Granary.Streams.Serialization;

namespace Granary.Streams.Hosting;

/// <summary>Settings of one stream provider (<c>AddGranaryStreams("name", o => …)</c>).</summary>
public sealed class GranaryStreamsOptions
{
    /// <summary>Records of one partition processed at the same time (different keys only; 1..10000). Default 64.</summary>
    public int MaxConcurrency { get; set; } = 64;

    /// <summary>Records held per partition, queued or running, before fetching waits (backpressure; 1..1000000). Default 1000.</summary>
    public int MaxInFlight { get; set; } = 1000;

    /// <summary>How often processed positions are committed (10 ms..5 min); also committed on rebalance and stop. Default 1 s.</summary>
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long stopping waits for running handlers before cancelling them (0..10 min). Default 30 s.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A per-key handler instance unused this long is collected (1 s..1 day). Default 2 min.</summary>
    public TimeSpan HandlerIdleTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Retries with backoff before a record is dead-lettered.</summary>
    public StreamRetryOptions Retry { get; set; } = new();

    /// <summary>Whether records that exhaust their retries go to the dead-letter topic (else delivery stops there). Default true.</summary>
    public bool DeadLetterEnabled { get; set; } = true;

    /// <summary>Appended to a topic's name to name its dead-letter topic. Default ".dlq".</summary>
    public string DeadLetterTopicSuffix { get; set; } = ".dlq";

    /// <summary>Consumer group names are this prefix + provider + "." + namespace + "." + subscription. Default "granary.streams.".</summary>
    public string GroupPrefix { get; set; } = "granary.streams.";

    /// <summary>The AddGranaryClient registration to use; null means the default client.</summary>
    public string? ClientName { get; set; }

    /// <summary>Where new subscriptions without a committed position start. Default Earliest (nothing written is missed).</summary>
    public StreamSubscriptionStartPosition DefaultStartPosition { get; set; } = StreamSubscriptionStartPosition.Earliest;

    /// <summary>Item serialisation; null means <see cref="JsonStreamSerializer"/> with web defaults.</summary>
    public IStreamSerializer? Serializer { get; set; }

    /// <summary>Further consumer settings for subscriptions by Kafka name (e.g. "session.timeout.ms").</summary>
    public Dictionary<string, string> ConsumerConfig { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Problems with the values, each naming the key and its allowed range; empty when valid.</summary>
    public IEnumerable<string> Validate(string providerName)
    {
        var p = $"GranaryStreams:{providerName}:";
        if (MaxConcurrency is < 1 or > 10000)
        {
            yield return $"{p}MaxConcurrency must be between 1 and 10000 (was {MaxConcurrency}).";
        }

        if (MaxInFlight is < 1 or > 1_000_000)
        {
            yield return $"{p}MaxInFlight must be between 1 and 1000000 (was {MaxInFlight}).";
        }

        if (CommitInterval < TimeSpan.FromMilliseconds(10) || CommitInterval > TimeSpan.FromMinutes(5))
        {
            yield return $"{p}CommitInterval must be between 00:00:00.010 and 00:05:00 (was {CommitInterval}).";
        }

        if (ShutdownTimeout < TimeSpan.Zero || ShutdownTimeout > TimeSpan.FromMinutes(10))
        {
            yield return $"{p}ShutdownTimeout must be between 00:00:00 and 00:10:00 (was {ShutdownTimeout}).";
        }

        if (HandlerIdleTimeout < TimeSpan.FromSeconds(1) || HandlerIdleTimeout > TimeSpan.FromDays(1))
        {
            yield return $"{p}HandlerIdleTimeout must be between 00:00:01 and 1.00:00:00 (was {HandlerIdleTimeout}).";
        }

        if (string.IsNullOrEmpty(DeadLetterTopicSuffix))
        {
            yield return $"{p}DeadLetterTopicSuffix must not be empty.";
        }

        if (GroupPrefix is null)
        {
            yield return $"{p}GroupPrefix must not be null.";
        }

        foreach (var problem in Retry.Validate(p + "Retry:"))
        {
            yield return problem;
        }
    }
}
