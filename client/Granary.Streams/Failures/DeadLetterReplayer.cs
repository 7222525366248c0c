// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Text;
using Granary.Client;
using Granary.Streams.Hosting;

namespace Granary.Streams.Failures;

/// <summary>
/// Replays a dead-letter topic onto the topics its records came from: each record goes back with its key, value and
/// original headers (the granary.dlq.* headers removed) to the topic named in its
/// <see cref="DeadLetterHeaders.OriginalTopic"/> header. Progress is committed in its own consumer group once the
/// records are acknowledged, so a second replay only sends what was dead-lettered since.
/// </summary>
public static class DeadLetterReplayer
{
    // Records are sent in windows and the window committed once all of it is acknowledged: one commit per record
    // would make a replay as slow as a round trip per record.
    private const int Window = 512;

    private static readonly TimeSpan s_requestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Replays "&lt;topic&gt;&lt;suffix&gt;" up to its end as seen when it starts; returns the number of records replayed.</summary>
    /// <remarks>Records without an original-topic header go to <paramref name="topic"/>. A missing dead-letter topic replays nothing.</remarks>
    public static async Task<int> ReplayAsync(GranaryClient client, string topic, DeadLetterReplayOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(topic);
        options ??= new DeadLetterReplayOptions();
        var effective = new DeadLetterReplayOptions
        {
            Suffix = options.Suffix,
            GroupId = options.GroupId ?? DefaultGroupId(topic),
            Filter = options.Filter,
            Timeout = options.Timeout,
            FromOffset = options.FromOffset,
            ToOffset = options.ToOffset,
            MaxRecords = options.MaxRecords,
            DryRun = options.DryRun,
            FallbackTopic = options.FallbackTopic ?? topic,
            Progress = options.Progress,
        };
        var result = await ReplayCoreAsync(client.Config(), client.Producer, DeadLetterHeaders.TopicFor(topic, options.Suffix), effective, cancellationToken).ConfigureAwait(false);
        return checked((int)result.Replayed);
    }

    /// <summary>
    /// Replays the dead-letter topic <paramref name="deadLetterTopic"/> with clients built from <paramref name="clientConfig"/>
    /// (bootstrap.servers and any other client settings); the producer is idempotent with acks=all.
    /// </summary>
    public static async Task<DeadLetterReplayResult> ReplayTopicAsync(
        IReadOnlyDictionary<string, string> clientConfig, string deadLetterTopic, DeadLetterReplayOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clientConfig);
        ArgumentException.ThrowIfNullOrEmpty(deadLetterTopic);
        options ??= new DeadLetterReplayOptions();
        var producerConfig = new Dictionary<string, string>(clientConfig, StringComparer.Ordinal)
        {
            ["acks"] = "all",
            ["enable.idempotence"] = "true",
        };
        using var producer = new ProducerBuilder<byte[], byte[]>(producerConfig).Build();
        try
        {
            return await ReplayCoreAsync(clientConfig, producer, deadLetterTopic, options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            producer.Flush(TimeSpan.FromSeconds(10));
        }
    }

    /// <summary>The default progress group of a dead-letter topic: "granary.dlq-replay." + the topic without its suffix.</summary>
    public static string DefaultGroupIdForDeadLetterTopic(string deadLetterTopic, string suffix = ".dlq")
    {
        ArgumentException.ThrowIfNullOrEmpty(deadLetterTopic);
        return DefaultGroupId(deadLetterTopic.EndsWith(suffix, StringComparison.Ordinal) && deadLetterTopic.Length > suffix.Length
            ? deadLetterTopic[..^suffix.Length]
            : deadLetterTopic);
    }

    private static string DefaultGroupId(string topic) => "granary.dlq-replay." + topic;

    private static async Task<DeadLetterReplayResult> ReplayCoreAsync(
        IReadOnlyDictionary<string, string> clientConfig, IProducer<byte[], byte[]> producer, string deadLetterTopic, DeadLetterReplayOptions options, CancellationToken cancellationToken)
    {
        var groupId = options.GroupId ?? DefaultGroupIdForDeadLetterTopic(deadLetterTopic, options.Suffix);
        using var admin = new AdminClientBuilder(clientConfig).Build();
        var topics = new TopicDirectory(admin, s_requestTimeout);
        if (await topics.PartitionsAsync(deadLetterTopic).ConfigureAwait(false) is not { } partitions)
        {
            return new DeadLetterReplayResult { DeadLetterTopic = deadLetterTopic, GroupId = groupId, DeadLetterTopicExists = false, DryRun = options.DryRun };
        }

        var consumerConfig = new Dictionary<string, string>(clientConfig, StringComparer.Ordinal)
        {
            ["group.id"] = groupId,
            ["enable.auto.commit"] = "false",
            ["auto.offset.reset"] = "earliest",
        };
        using var consumer = new ConsumerBuilder<byte[], byte[]>(consumerConfig).Build();
        try
        {
            var ranges = DeadLetterScan.PlanRanges(consumer, deadLetterTopic, partitions, options.FromOffset, options.ToOffset, s_requestTimeout);
            var planned = ranges.Values.Sum(r => r.End - r.Start);
            if (options.MaxRecords is { } max)
            {
                planned = Math.Min(planned, Math.Max(0, max));
            }

            var byTarget = new Dictionary<string, long>(StringComparer.Ordinal);
            var stopped = new List<DeadLetterReplayStop>();
            var pending = new List<(ConsumeResult<byte[], byte[]> Source, Task Ack)>();
            long skipped = 0;
            long done = 0;
            options.Progress?.Report(new DeadLetterReplayProgress(0, planned));
            var scan = new DeadLetterScan(consumer, deadLetterTopic, ranges, options.Timeout);
            while (done < planned)
            {
                var result = await scan.NextAsync(cancellationToken).ConfigureAwait(false);
                if (result is null)
                {
                    break;
                }

                var message = result.Message!;
                if (options.Filter is { } filter && !filter(message))
                {
                    skipped++;
                    done++;
                    pending.Add((result, Task.CompletedTask));
                }
                else
                {
                    var target = OriginalTopic(message) ?? options.FallbackTopic;
                    var problem = target is null
                        ? $"record has no {DeadLetterHeaders.OriginalTopic} header (give a fallback topic to replay it)"
                        : await topics.PartitionsAsync(target).ConfigureAwait(false) is null ? $"original topic '{target}' does not exist" : null;
                    if (problem is not null)
                    {
                        stopped.Add(new DeadLetterReplayStop(result.Partition.Value, result.Offset.Value, problem));
                        scan.Stop(result.Partition.Value);
                        continue;
                    }

                    byTarget[target!] = byTarget.GetValueOrDefault(target!) + 1;
                    done++;
                    pending.Add((result, options.DryRun ? Task.CompletedTask : producer.ProduceAsync(target!, Strip(message), cancellationToken)));
                }

                if (pending.Count >= Window)
                {
                    await AcknowledgeAsync(consumer, pending, options.DryRun).ConfigureAwait(false);
                    options.Progress?.Report(new DeadLetterReplayProgress(done, planned));
                }
            }

            await AcknowledgeAsync(consumer, pending, options.DryRun).ConfigureAwait(false);
            options.Progress?.Report(new DeadLetterReplayProgress(done, planned));
            stopped.AddRange(scan.TimedOut);
            return new DeadLetterReplayResult
            {
                DeadLetterTopic = deadLetterTopic,
                GroupId = groupId,
                DryRun = options.DryRun,
                Planned = planned,
                ByTargetTopic = byTarget,
                Skipped = skipped,
                Stopped = stopped.OrderBy(s => s.Partition).ToList(),
            };
        }
        finally
        {
            consumer.Close();
        }
    }

    /// <summary>Waits for the window's acknowledgements, then commits past its last record of each partition.</summary>
    private static async Task AcknowledgeAsync(IConsumer<byte[], byte[]> consumer, List<(ConsumeResult<byte[], byte[]> Source, Task Ack)> pending, bool dryRun)
    {
        if (pending.Count == 0)
        {
            return;
        }

        await Task.WhenAll(pending.Select(p => p.Ack)).ConfigureAwait(false);
        if (!dryRun)
        {
            var next = new Dictionary<TopicPartition, long>();
            foreach (var (source, _) in pending)
            {
                next[source.TopicPartition] = Math.Max(next.GetValueOrDefault(source.TopicPartition), source.Offset.Value + 1);
            }

            consumer.Commit(next.Select(n => new TopicPartitionOffset(n.Key, new Offset(n.Value))));
        }

        pending.Clear();
    }

    private static string? OriginalTopic(Message<byte[], byte[]> message) =>
        message.Headers?.TryGetLastBytes(DeadLetterHeaders.OriginalTopic, out var bytes) == true && bytes is { Length: > 0 } ? Encoding.UTF8.GetString(bytes) : null;

    private static Message<byte[], byte[]> Strip(Message<byte[], byte[]> message)
    {
        var headers = new Headers();
        foreach (var header in message.Headers ?? [])
        {
            if (!header.Key.StartsWith(DeadLetterHeaders.Prefix, StringComparison.Ordinal))
            {
                headers.Add(header.Key, header.GetValueBytes());
            }
        }

        return new Message<byte[], byte[]> { Key = message.Key, Value = message.Value, Headers = headers };
    }
}
