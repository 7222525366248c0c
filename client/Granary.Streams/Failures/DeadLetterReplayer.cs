// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Text;
using Granary.Client;
using Granary.Streams.Hosting;

namespace Granary.Streams.Failures;

/// <summary>
/// Replays a dead-letter topic onto the original topic: each record goes back with its key, value and original
/// headers (the granary.dlq.* headers removed). Progress is committed in its own consumer group after each record is
/// acknowledged, so a second replay only sends what was dead-lettered since.
/// </summary>
public static class DeadLetterReplayer
{
    /// <summary>Replays "&lt;topic&gt;&lt;suffix&gt;" up to its end as seen when each partition is reached; returns the number of records replayed.</summary>
    public static async Task<int> ReplayAsync(GranaryClient client, string topic, DeadLetterReplayOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(topic);
        options ??= new DeadLetterReplayOptions();
        var deadLetterTopic = DeadLetterHeaders.TopicFor(topic, options.Suffix);
        var assigned = new HashSet<int>();
        var atEnd = new HashSet<int>();
        var config = new Dictionary<string, string>
        {
            ["group.id"] = options.GroupId ?? "granary.dlq-replay." + topic,
            ["enable.auto.commit"] = "false",
            ["enable.partition.eof"] = "true",
            ["auto.offset.reset"] = "earliest",
        };
        using var consumer = client.CreateConsumerBuilder(config)
            .SetPartitionsAssignedHandler((_, partitions) =>
            {
                foreach (var partition in partitions)
                {
                    assigned.Add(partition.Partition.Value);
                }
            })
            .Build();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        consumer.Subscribe(deadLetterTopic);
        var replayed = 0;
        try
        {
            while (assigned.Count == 0 || !assigned.IsSubsetOf(atEnd))
            {
                var result = await consumer.ConsumeAsync(timeout.Token).ConfigureAwait(false);
                if (result.IsPartitionEOF)
                {
                    atEnd.Add(result.Partition.Value);
                    continue;
                }

                atEnd.Remove(result.Partition.Value);
                var message = result.Message!;
                if (options.Filter is { } filter && !filter(message))
                {
                    consumer.Commit(result);
                    continue;
                }

                var headers = new Headers();
                var target = topic;
                foreach (var header in message.Headers ?? [])
                {
                    if (header.Key == DeadLetterHeaders.OriginalTopic && header.GetValueBytes() is { } original)
                    {
                        target = Encoding.UTF8.GetString(original);
                    }

                    if (!header.Key.StartsWith(DeadLetterHeaders.Prefix, StringComparison.Ordinal))
                    {
                        headers.Add(header.Key, header.GetValueBytes());
                    }
                }

                await client.Producer.ProduceAsync(target, new Message<byte[], byte[]> { Key = message.Key, Value = message.Value, Headers = headers }, cancellationToken).ConfigureAwait(false);
                consumer.Commit(result);
                replayed++;
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // No dead-letter topic, or it never reached its end within the timeout: report what was replayed.
        }
        finally
        {
            consumer.Close();
        }

        return replayed;
    }
}
