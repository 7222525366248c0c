// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.CommandLine;
using System.Globalization;
using Granary.Cli.Configuration;
using Granary.Cli.Formatting;
using Granary.Client;

namespace Granary.Cli.Commands;

/// <summary>
/// <c>granary consume</c>: kafka-console-consumer's flags with kcat's <c>-f</c> output format. Without --group it
/// assigns the topic's partitions (or the one --partition names) directly and commits nothing, as kcat does; with
/// --group it subscribes and commits. --timeout ends the run after that long without a record (exit 0, like kcat -e).
/// </summary>
public static class ConsumeCommand
{
    public static Command Create(CliContext context)
    {
        var topic = new Option<string>("--topic", "-t") { Description = "Topic to consume.", Required = true };
        var fromBeginning = new Option<bool>("--from-beginning") { Description = "Start at the earliest offset when the group has no committed offset." };
        var offset = new Option<string?>("--offset", "-o") { Description = "Where to start: an offset (needs --partition), beginning or end." };
        var timestamp = new Option<long?>("--timestamp") { Description = "Start at the first record with a timestamp at or after this (ms since the epoch)." };
        var partition = new Option<int?>("--partition", "-p") { Description = "Consume only this partition (no group)." };
        var group = new Option<string?>("--group", "-g") { Description = "Consumer group to join; its offsets are committed." };
        var maxMessages = new Option<long?>("--max-messages") { Description = "Exit after this many records." };
        var timeout = new Option<int?>("--timeout") { Description = "Exit after this many ms without a record." };
        var format = new Option<string>("--format", "-f")
        {
            Description = "kcat-style output format: %t %p %o %k %K %s %S %T %h %%, escapes \\n \\r \\t \\\\.",
            DefaultValueFactory = _ => KcatFormat.Default,
        };
        var isolation = new Option<string>("--isolation-level")
        {
            Description = "read_committed or read_uncommitted.",
            DefaultValueFactory = _ => "read_uncommitted",
        };
        isolation.AcceptOnlyFromAmong("read_committed", "read_uncommitted");
        var property = new Option<string[]>("--consumer-property", "-X") { Description = "A consumer property key=value (repeatable)." };

        var command = new Command("consume", "Consume records and print them in a kcat-style format.")
        {
            topic, fromBeginning, offset, timestamp, partition, group, maxMessages, timeout, format, isolation, property,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var startOffset = ParseStartOffset(parse.GetValue(offset));
            var p = parse.GetValue(partition);
            var groupId = parse.GetValue(group);
            var ts = parse.GetValue(timestamp);
            var startFlags = (parse.GetValue(fromBeginning) ? 1 : 0) + (startOffset is null ? 0 : 1) + (ts is null ? 0 : 1);
            if (startFlags > 1)
            {
                throw CliException.Usage("--from-beginning, --offset and --timestamp are mutually exclusive");
            }

            if (groupId is not null && p is not null)
            {
                throw CliException.Usage("--group and --partition cannot be used together");
            }

            if (startOffset is { IsSpecial: false } && p is null)
            {
                throw CliException.Usage("--offset N needs --partition (or use --offset beginning|end)");
            }

            if (p is < 0 || parse.GetValue(maxMessages) is < 1 || parse.GetValue(timeout) is < 0)
            {
                throw CliException.Usage("--partition must be 0 or more, --max-messages at least 1 and --timeout 0 or more");
            }

            var renderer = KcatFormat.Parse(parse.GetValue(format) ?? KcatFormat.Default);
            var reset = parse.GetValue(fromBeginning) || startOffset == Offset.Beginning ? "earliest" : "latest";
            var defaults = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["group.id"] = groupId ?? $"granary-console-consumer-{Random.Shared.Next(100000):D5}",
                ["enable.auto.commit"] = groupId is null ? "false" : "true",
                ["auto.offset.reset"] = reset,
                ["isolation.level"] = parse.GetValue(isolation) ?? "read_uncommitted",
            };
            var config = ClientProperties.Build(parse, defaults, ClientProperties.ParsePairs(parse.GetValue(property), "--consumer-property"));
            var topicName = parse.GetRequiredValue(topic);
            await BrokerProbe.EnsureReachableAsync(config, context.Time, cancellationToken).ConfigureAwait(false);

            List<TopicPartition> partitions;
            using (var admin = ClientFactory.CreateAdmin(config))
            {
                var description = await AdminOperations.DescribeTopicAsync(admin, topicName).ConfigureAwait(false);
                if (p is { } wanted && description.Partitions.All(x => x.Partition != wanted))
                {
                    throw CliException.Failed($"topic '{topicName}' has no partition {wanted} (it has {description.Partitions.Count})");
                }

                partitions = description.Partitions.Select(x => x.Partition).Where(x => p is null || x == p).Order()
                    .Select(x => new TopicPartition(topicName, new Partition(x))).ToList();
            }

            Func<IConsumer<byte[]?, byte[]?>, List<TopicPartition>, IEnumerable<TopicPartitionOffset>>? assigned = null;
            if (groupId is not null && (ts is not null || startOffset is not null))
            {
                // Group members get their starting offsets when partitions are assigned.
                assigned = (consumer, assignment) => StartPositions(consumer, assignment, startOffset, ts);
            }

            using var consumer = ClientFactory.CreateConsumer(config, assigned);
            if (groupId is null)
            {
                // Without a group, read the partitions directly (as kcat does): no group to join, nothing left behind.
                consumer.Assign(StartPositions(consumer, partitions, startOffset ?? (reset == "earliest" ? Offset.Beginning : Offset.End), ts));
            }
            else
            {
                consumer.Subscribe(topicName);
            }

            var consumed = await ConsumeLoopAsync(consumer, renderer, parse.GetValue(maxMessages), parse.GetValue(timeout), context, cancellationToken).ConfigureAwait(false);
            if (groupId is not null)
            {
                consumer.Close();
            }

            await context.Console.Error.WriteLineAsync($"Processed a total of {consumed.ToString(CultureInfo.InvariantCulture)} messages").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    internal static Offset? ParseStartOffset(string? text) => text switch
    {
        null => null,
        "beginning" or "earliest" => Offset.Beginning,
        "end" or "latest" => Offset.End,
        _ when long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) => new Offset(n),
        _ => throw CliException.Usage($"--offset expects a non-negative offset, beginning or end, got '{text}'"),
    };

    private static List<TopicPartitionOffset> StartPositions(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartition> partitions, Offset? start, long? timestamp)
    {
        if (timestamp is { } ms)
        {
            var query = partitions.Select(tp => new TopicPartitionTimestamp(tp, new Timestamp(ms, TimestampType.CreateTime)));
            return consumer.OffsetsForTimes(query, AdminOperations.RequestTimeout)
                .Select(tpo => tpo.Offset.Value < 0 ? new TopicPartitionOffset(tpo.TopicPartition, Offset.End) : tpo)
                .ToList();
        }

        return partitions.Select(tp => new TopicPartitionOffset(tp, start ?? Offset.Unset)).ToList();
    }

    private static async Task<long> ConsumeLoopAsync(
        IConsumer<byte[]?, byte[]?> consumer, KcatFormat renderer, long? maxMessages, int? idleTimeoutMs, CliContext context, CancellationToken cancellationToken)
    {
        long consumed = 0;
        while (maxMessages is null || consumed < maxMessages)
        {
            using var idle = idleTimeoutMs is { } ms ? new CancellationTokenSource(TimeSpan.FromMilliseconds(ms), context.Time) : new CancellationTokenSource();
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(idle.Token, cancellationToken);
            ConsumeResult<byte[]?, byte[]?> result;
            try
            {
                result = await consumer.ConsumeAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (idle.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (ConsumeException ex)
            {
                throw CliException.Failed($"consume failed: {ex.Error.Code}: {ex.Error.Reason}");
            }

            if (result.IsPartitionEOF || result.Message is null)
            {
                continue;
            }

            await context.Console.Out.WriteAsync(renderer.Render(result)).ConfigureAwait(false);
            consumed++;
        }

        await context.Console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
        return consumed;
    }
}
