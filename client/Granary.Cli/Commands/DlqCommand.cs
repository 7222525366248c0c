// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.CommandLine;
using System.Globalization;
using Granary.Cli.Configuration;
using Granary.Cli.Formatting;
using Granary.Client;
using Granary.Client.Admin;
using Granary.Streams.Failures;

namespace Granary.Cli.Commands;

/// <summary><c>granary dlq list|describe|replay</c>: dead-letter topics written by Granary.Streams (&lt;topic&gt;.dlq).</summary>
public static class DlqCommand
{
    private const string DefaultSuffix = ".dlq";

    public static Command Create(CliContext context) => new("dlq", "List, describe and replay dead-letter topics.")
    {
        ListCommand(context), DescribeCommand(context), ReplayCommand(context),
    };

    private static Option<string> TopicOption() => new("--topic", "-t") { Description = "The dead-letter topic, e.g. orders.dlq.", Required = true };

    private static Command ListCommand(CliContext context)
    {
        var suffix = new Option<string>("--suffix") { Description = "Dead-letter topic suffix.", DefaultValueFactory = _ => DefaultSuffix };
        var command = new Command("list", "List dead-letter topics with their record counts and what the default replay group has not replayed yet.") { suffix };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var end = parse.GetRequiredValue(suffix);
            using var admin = await TopicsCommand.ConnectAsync(context, parse, cancellationToken).ConfigureAwait(false);
            var metadata = admin.GetMetadata(AdminOperations.RequestTimeout);
            var topics = metadata.Topics.Where(t => !t.Error.IsError && t.Topic.EndsWith(end, StringComparison.Ordinal) && t.Topic.Length > end.Length)
                .OrderBy(t => t.Topic, StringComparer.Ordinal).ToList();
            var partitions = topics.SelectMany(t => t.Partitions.Select(p => new TopicPartition(t.Topic, p.PartitionId))).ToList();
            var starts = await AdminOperations.ListOffsetsAsync(admin, partitions, OffsetSpec.Earliest()).ConfigureAwait(false);
            var ends = await AdminOperations.ListOffsetsAsync(admin, partitions, OffsetSpec.Latest()).ConfigureAwait(false);
            var rows = new List<IReadOnlyList<string?>>();
            foreach (var topic in topics)
            {
                var group = DeadLetterReplayer.DefaultGroupIdForDeadLetterTopic(topic.Topic, end);
                var committed = await GroupsCommand.CommittedAsync(admin, group).ConfigureAwait(false);
                long records = 0;
                long pending = 0;
                foreach (var p in topic.Partitions)
                {
                    var tp = new TopicPartition(topic.Topic, p.PartitionId);
                    records += ends[tp] - starts[tp];
                    pending += ends[tp] - Math.Clamp(committed.TryGetValue(tp, out var c) ? c : starts[tp], starts[tp], ends[tp]);
                }

                rows.Add([topic.Topic, topic.Topic[..^end.Length], Text(topic.Partitions.Count), Text(records), Text(pending)]);
            }

            TableWriter.Write(context.Console.Out, ["TOPIC", "ORIGINAL-TOPIC", "PARTITIONS", "RECORDS", "NOT-REPLAYED"], rows);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command DescribeCommand(CliContext context)
    {
        var topic = TopicOption();
        var command = new Command("describe", "Count a dead-letter topic's records by original topic and by exception type.") { topic };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var name = parse.GetRequiredValue(topic);
            var config = ClientProperties.Build(parse);
            await BrokerProbe.EnsureReachableAsync(config, context.Time, cancellationToken).ConfigureAwait(false);
            var summary = await DeadLetterInspector.DescribeAsync(config, name, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!summary.Exists)
            {
                throw CliException.Failed($"unknown topic '{name}'");
            }

            var output = context.Console.Out;
            await output.WriteLineAsync($"Dead-letter topic '{name}' holds {Text(summary.Records)} record(s).").ConfigureAwait(false);
            await output.WriteLineAsync().ConfigureAwait(false);
            TableWriter.Write(output, ["ORIGINAL-TOPIC", "RECORDS"], Rows(summary.ByOriginalTopic));
            await output.WriteLineAsync().ConfigureAwait(false);
            TableWriter.Write(output, ["EXCEPTION-TYPE", "RECORDS"], Rows(summary.ByExceptionType));
            foreach (var stop in summary.Incomplete)
            {
                await context.Console.Error.WriteLineAsync($"partition {Text(stop.Partition)} not read past offset {Text(stop.Offset)}: {stop.Reason}").ConfigureAwait(false);
            }

            return summary.Incomplete.Count == 0 ? ExitCodes.Success : ExitCodes.Failed;
        });
        return command;
    }

    private static Command ReplayCommand(CliContext context)
    {
        var topic = TopicOption();
        var group = new Option<string?>("--group", "-g") { Description = "Consumer group remembering replay progress (default granary.dlq-replay.<original topic>)." };
        var from = new Option<long?>("--from-offset") { Description = "Start every partition at this offset instead of the group's committed position." };
        var to = new Option<long?>("--to-offset") { Description = "Stop every partition before this offset (exclusive) instead of at its end." };
        var max = new Option<long?>("--max-records") { Description = "Replay at most this many records." };
        var fallback = new Option<string?>("--fallback-topic") { Description = "Where records without an original-topic header go (otherwise their partition stops there)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Count what would be replayed where; send and commit nothing." };
        var timeout = new Option<int>("--timeout") { Description = "Give up when no record arrives for this many ms.", DefaultValueFactory = _ => 30_000 };
        var command = new Command("replay", "Send dead-lettered records back to the topics named in their headers (keys, values and headers kept, granary.dlq.* headers removed).")
        {
            topic, group, from, to, max, fallback, dryRun, timeout,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var name = parse.GetRequiredValue(topic);
            if (parse.GetValue(from) is < 0 || parse.GetValue(to) is < 0)
            {
                throw CliException.Usage("--from-offset and --to-offset must be 0 or more");
            }

            if (parse.GetValue(from) is { } f && parse.GetValue(to) is { } t && t < f)
            {
                throw CliException.Usage("--to-offset must not be less than --from-offset");
            }

            if (parse.GetValue(max) is <= 0)
            {
                throw CliException.Usage("--max-records must be more than 0");
            }

            if (parse.GetValue(timeout) <= 0)
            {
                throw CliException.Usage("--timeout must be more than 0 ms");
            }

            var config = ClientProperties.Build(parse);
            await BrokerProbe.EnsureReachableAsync(config, context.Time, cancellationToken).ConfigureAwait(false);
            var isDryRun = parse.GetValue(dryRun);
            var result = await CliProgress.RunAsync(context, isDryRun ? $"Counting {name}" : $"Replaying {name}", total: null, plainLines: true, async progress =>
            {
                var options = new DeadLetterReplayOptions
                {
                    GroupId = parse.GetValue(group),
                    FromOffset = parse.GetValue(from),
                    ToOffset = parse.GetValue(to),
                    MaxRecords = parse.GetValue(max),
                    FallbackTopic = parse.GetValue(fallback),
                    DryRun = isDryRun,
                    Timeout = TimeSpan.FromMilliseconds(parse.GetValue(timeout)),
                    Progress = new SyncProgress(p => progress.Report(p.Done, p.Total)),
                };
                try
                {
                    return await DeadLetterReplayer.ReplayTopicAsync(config, name, options, cancellationToken).ConfigureAwait(false);
                }
                catch (ArgumentException ex)
                {
                    throw CliException.Usage($"bad client configuration: {ClientFactory.Describe(ex)}");
                }
            }).ConfigureAwait(false);

            if (!result.DeadLetterTopicExists)
            {
                throw CliException.Failed($"unknown topic '{name}'");
            }

            TableWriter.Write(context.Console.Out, ["TARGET-TOPIC", "RECORDS"], Rows(result.ByTargetTopic));
            var error = context.Console.Error;
            foreach (var stop in result.Stopped)
            {
                await error.WriteLineAsync($"partition {Text(stop.Partition)} stopped at offset {Text(stop.Offset)}: {stop.Reason}").ConfigureAwait(false);
            }

            var skipped = result.Skipped > 0 ? $", {Text(result.Skipped)} skipped" : string.Empty;
            await error.WriteLineAsync(result.DryRun
                ? $"Dry run: {Text(result.Replayed)} record(s) of {name} would be replayed to {Text(result.ByTargetTopic.Count)} topic(s){skipped}; nothing was sent or committed."
                : $"Replayed {Text(result.Replayed)} record(s) from {name} to {Text(result.ByTargetTopic.Count)} topic(s){skipped}; progress committed in group '{result.GroupId}'.").ConfigureAwait(false);
            return result.Completed ? ExitCodes.Success : ExitCodes.Failed;
        });
        return command;
    }

    private static IEnumerable<IReadOnlyList<string?>> Rows(IReadOnlyDictionary<string, long> counts) =>
        counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => (IReadOnlyList<string?>)[c.Key, Text(c.Value)]);

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; would post to a thread pool and reorder the reports).</summary>
    private sealed class SyncProgress(Action<DeadLetterReplayProgress> report) : IProgress<DeadLetterReplayProgress>
    {
        public void Report(DeadLetterReplayProgress value) => report(value);
    }
}
