// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Text;
using Granary.Client;

namespace Granary.Streams.Failures;

/// <summary>Counts what a dead-letter topic holds, reading it from LogStartOffset to the HighWatermark without committing anything.</summary>
public static class DeadLetterInspector
{
    public const string NoHeader = "(none)";

    public static async Task<DeadLetterSummary> DescribeAsync(
        IReadOnlyDictionary<string, string> clientConfig, string deadLetterTopic, TimeSpan? idleTimeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clientConfig);
        ArgumentException.ThrowIfNullOrEmpty(deadLetterTopic);
        var timeout = TimeSpan.FromSeconds(30);
        var consumerConfig = new Dictionary<string, string>(clientConfig, StringComparer.Ordinal)
        {
            // Never committed: the group only satisfies clients that require one.
            ["group.id"] = "granary.dlq-inspect",
            ["enable.auto.commit"] = "false",
        };
        using var consumer = new ConsumerBuilder<byte[], byte[]>(consumerConfig).Build();
        try
        {
            using var admin = new AdminClientBuilder(clientConfig).Build();
            if (await new TopicDirectory(admin, timeout).PartitionsAsync(deadLetterTopic).ConfigureAwait(false) is not { } partitions)
            {
                return new DeadLetterSummary { DeadLetterTopic = deadLetterTopic, Exists = false };
            }

            var ranges = DeadLetterScan.PlanRanges(consumer, deadLetterTopic, partitions, from: 0, to: null, timeout);
            var scan = new DeadLetterScan(consumer, deadLetterTopic, ranges, idleTimeout ?? timeout);
            var byTopic = new Dictionary<string, long>(StringComparer.Ordinal);
            var byType = new Dictionary<string, long>(StringComparer.Ordinal);
            long records = 0;
            while (await scan.NextAsync(cancellationToken).ConfigureAwait(false) is { } result)
            {
                records++;
                Count(byTopic, Header(result.Message!, DeadLetterHeaders.OriginalTopic));
                Count(byType, Header(result.Message!, DeadLetterHeaders.ExceptionType));
            }

            return new DeadLetterSummary { DeadLetterTopic = deadLetterTopic, Records = records, ByOriginalTopic = byTopic, ByExceptionType = byType, Incomplete = scan.TimedOut };
        }
        finally
        {
            consumer.Close();
        }
    }

    private static void Count(Dictionary<string, long> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;

    private static string Header(Message<byte[], byte[]> message, string key) =>
        message.Headers?.TryGetLastBytes(key, out var bytes) == true && bytes is { Length: > 0 } ? Encoding.UTF8.GetString(bytes) : NoHeader;
}
