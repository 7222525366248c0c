// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.CommandLine;
using System.Globalization;
using Granary.Cli.Formatting;
using Granary.Client;
using Granary.Client.Admin;

namespace Granary.Cli.Commands;

/// <summary><c>granary groups list|describe|reset-offsets|delete|delete-offsets</c> (kafka-consumer-groups.sh).</summary>
public static class GroupsCommand
{
    public static Command Create(CliContext context) => new("groups", "List, describe, reset and delete consumer groups.")
    {
        ListCommand(context), DescribeCommand(context), ResetOffsetsCommand(context), DeleteCommand(context), DeleteOffsetsCommand(context),
    };

    private static Option<string> GroupOption() => new("--group", "-g") { Description = "Consumer group id.", Required = true };

    private static Option<string[]> TopicsOption() => new("--topic", "-t") { Description = "A topic, or topic:p1,p2 for some partitions (repeatable)." };

    private static Command ListCommand(CliContext context)
    {
        var state = new Option<bool>("--state") { Description = "Show each group's state too." };
        var command = new Command("list", "List consumer groups.") { state };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var admin = await TopicsCommand.ConnectAsync(context, parse, cancellationToken).ConfigureAwait(false);
            var groups = await admin.ListConsumerGroupsAsync(new ListConsumerGroupsOptions { RequestTimeout = AdminOperations.RequestTimeout }).ConfigureAwait(false);
            var listed = groups.Valid.OrderBy(g => g.GroupId, StringComparer.Ordinal).ToList();
            if (parse.GetValue(state))
            {
                TableWriter.Write(context.Console.Out, ["GROUP", "STATE"], listed.Select(g => (IReadOnlyList<string?>)[g.GroupId, g.State.ToString()]));
            }
            else
            {
                foreach (var group in listed)
                {
                    await context.Console.Out.WriteLineAsync(group.GroupId).ConfigureAwait(false);
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command DescribeCommand(CliContext context)
    {
        var group = GroupOption();
        var command = new Command("describe", "Show a group's offsets and lag per partition, its state and its members.") { group };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var groupId = parse.GetRequiredValue(group);
            using var admin = await TopicsCommand.ConnectAsync(context, parse, cancellationToken).ConfigureAwait(false);
            var description = await DescribeGroupAsync(admin, groupId).ConfigureAwait(false);
            var committed = await CommittedAsync(admin, groupId).ConfigureAwait(false);
            if (description.State == ConsumerGroupState.Dead && committed.Count == 0)
            {
                throw CliException.Failed($"consumer group '{groupId}' does not exist");
            }

            var owners = new Dictionary<TopicPartition, MemberDescription>();
            foreach (var member in description.Members)
            {
                foreach (var tp in member.Assignment.TopicPartitions)
                {
                    owners[tp] = member;
                }
            }

            var partitions = committed.Keys.Union(owners.Keys).OrderBy(tp => tp.Topic, StringComparer.Ordinal).ThenBy(tp => tp.Partition.Value).ToList();
            var logEnd = await AdminOperations.ListOffsetsAsync(admin, partitions, OffsetSpec.Latest()).ConfigureAwait(false);
            var output = context.Console.Out;
            await output.WriteLineAsync(
                $"Consumer group '{groupId}' is {description.State} with {description.Members.Count.ToString(CultureInfo.InvariantCulture)} member(s){(string.IsNullOrEmpty(description.PartitionAssignor) ? string.Empty : $", assignor {description.PartitionAssignor}")}.")
                .ConfigureAwait(false);
            await output.WriteLineAsync().ConfigureAwait(false);
            var rows = partitions.Select(tp =>
            {
                var current = committed.TryGetValue(tp, out var c) ? c : (long?)null;
                var end = logEnd.TryGetValue(tp, out var e) ? e : (long?)null;
                owners.TryGetValue(tp, out var owner);
                return (IReadOnlyList<string?>)
                [
                    groupId, tp.Topic, tp.Partition.Value.ToString(CultureInfo.InvariantCulture),
                    current?.ToString(CultureInfo.InvariantCulture), end?.ToString(CultureInfo.InvariantCulture),
                    current is { } cur && end is { } le ? Math.Max(0, le - cur).ToString(CultureInfo.InvariantCulture) : null,
                    owner?.ConsumerId, owner?.Host, owner?.ClientId,
                ];
            });
            TableWriter.Write(output, ["GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG", "CONSUMER-ID", "HOST", "CLIENT-ID"], rows);
            if (description.Members.Count > 0)
            {
                await output.WriteLineAsync().ConfigureAwait(false);
                TableWriter.Write(output, ["CONSUMER-ID", "HOST", "CLIENT-ID", "#PARTITIONS"], description.Members.OrderBy(m => m.ConsumerId, StringComparer.Ordinal).Select(m =>
                    (IReadOnlyList<string?>)[m.ConsumerId, m.Host, m.ClientId, m.Assignment.TopicPartitions.Count.ToString(CultureInfo.InvariantCulture)]));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command ResetOffsetsCommand(CliContext context)
    {
        var group = GroupOption();
        var topics = TopicsOption();
        var allTopics = new Option<bool>("--all-topics") { Description = "Every topic the group has committed offsets for." };
        var toEarliest = new Option<bool>("--to-earliest") { Description = "Reset to the log start offset." };
        var toLatest = new Option<bool>("--to-latest") { Description = "Reset to the log end offset." };
        var toCurrent = new Option<bool>("--to-current") { Description = "Reset to the committed offset (clamped into the log)." };
        var toOffset = new Option<long?>("--to-offset") { Description = "Reset to this offset (clamped into the log)." };
        var shiftBy = new Option<long?>("--shift-by") { Description = "Move the committed offset by N (negative moves back)." };
        var toDateTime = new Option<string?>("--to-datetime") { Description = "Reset to the first record at or after this ISO-8601 time." };
        var byDuration = new Option<string?>("--by-duration") { Description = "Reset to the first record at or after now minus this ISO-8601 duration (PT15M)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Only print the plan (the default)." };
        var execute = new Option<bool>("--execute") { Description = "Commit the new offsets." };
        var command = new Command("reset-offsets", "Plan (--dry-run, the default) or --execute new committed offsets for an inactive group.")
        {
            group, topics, allTopics, toEarliest, toLatest, toCurrent, toOffset, shiftBy, toDateTime, byDuration, dryRun, execute,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var modes = new List<ResetSpec>();
            if (parse.GetValue(toEarliest))
            {
                modes.Add(new(ResetMode.ToEarliest));
            }

            if (parse.GetValue(toLatest))
            {
                modes.Add(new(ResetMode.ToLatest));
            }

            if (parse.GetValue(toCurrent))
            {
                modes.Add(new(ResetMode.ToCurrent));
            }

            if (parse.GetValue(toOffset) is { } offset)
            {
                modes.Add(offset >= 0 ? new(ResetMode.ToOffset, offset) : throw CliException.Usage("--to-offset must be 0 or more"));
            }

            if (parse.GetValue(shiftBy) is { } shift)
            {
                modes.Add(new(ResetMode.ShiftBy, shift));
            }

            if (parse.GetValue(toDateTime) is { } dateTime)
            {
                modes.Add(new(ResetMode.ToTimestamp, ResetSpec.ParseDateTime(dateTime)));
            }

            if (parse.GetValue(byDuration) is { } duration)
            {
                modes.Add(new(ResetMode.ToTimestamp, (context.Time.GetUtcNow() - ResetSpec.ParseDuration(duration)).ToUnixTimeMilliseconds()));
            }

            if (modes.Count != 1)
            {
                throw CliException.Usage("reset-offsets needs exactly one of --to-earliest, --to-latest, --to-current, --to-offset, --shift-by, --to-datetime, --by-duration");
            }

            var selectors = parse.GetValue(topics) ?? [];
            if ((selectors.Length > 0) == parse.GetValue(allTopics))
            {
                throw CliException.Usage("reset-offsets needs either --topic or --all-topics");
            }

            if (parse.GetValue(dryRun) && parse.GetValue(execute))
            {
                throw CliException.Usage("--dry-run and --execute are mutually exclusive");
            }

            var spec = modes[0];
            var groupId = parse.GetRequiredValue(group);
            using var admin = await TopicsCommand.ConnectAsync(context, parse, cancellationToken).ConfigureAwait(false);
            var description = await DescribeGroupAsync(admin, groupId).ConfigureAwait(false);
            if (!OffsetResetPlanner.IsInactive(description.State))
            {
                throw CliException.Failed(
                    $"consumer group '{groupId}' is {description.State} with {description.Members.Count.ToString(CultureInfo.InvariantCulture)} member(s); offsets can only be reset while it is inactive (Empty or Dead)");
            }

            var committed = await CommittedAsync(admin, groupId).ConfigureAwait(false);
            var partitions = selectors.Length > 0
                ? await ResolvePartitionsAsync(admin, selectors).ConfigureAwait(false)
                : committed.Keys.OrderBy(tp => tp.Topic, StringComparer.Ordinal).ThenBy(tp => tp.Partition.Value).ToList();
            var starts = await AdminOperations.ListOffsetsAsync(admin, partitions, OffsetSpec.Earliest()).ConfigureAwait(false);
            var ends = await AdminOperations.ListOffsetsAsync(admin, partitions, OffsetSpec.Latest()).ConfigureAwait(false);
            var byTime = spec.Mode == ResetMode.ToTimestamp
                ? await AdminOperations.ListOffsetsAsync(admin, partitions, OffsetSpec.ForTimestamp(spec.Value)).ConfigureAwait(false)
                : [];
            var plan = partitions.Select(tp => new TopicPartitionOffset(tp, new Offset(OffsetResetPlanner.Plan(
                spec, starts[tp], ends[tp], committed.TryGetValue(tp, out var c) ? c : null, byTime.TryGetValue(tp, out var t) ? t : null)))).ToList();

            if (parse.GetValue(execute) && plan.Count > 0)
            {
                await CliProgress.RunAsync(context, $"reset-offsets {groupId}", plan.Count, plainLines: false, async progress =>
                {
                    try
                    {
                        await admin.AlterConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitionOffsets(groupId, plan)]).ConfigureAwait(false);
                    }
                    catch (AlterConsumerGroupOffsetsException ex)
                    {
                        var error = ex.Results.SelectMany(r => r.Partitions.Select(p => p.Error).Append(r.Error)).FirstOrDefault(e => e.IsError) ?? ex.Error;
                        throw CliException.Failed($"offsets of group '{groupId}' were not reset: {error.Code}: {error.Reason}");
                    }

                    progress.Report(plan.Count);
                    return plan.Count;
                }).ConfigureAwait(false);
            }

            TableWriter.Write(context.Console.Out, ["GROUP", "TOPIC", "PARTITION", "NEW-OFFSET"], plan.Select(p => (IReadOnlyList<string?>)
                [groupId, p.Topic, p.Partition.Value.ToString(CultureInfo.InvariantCulture), p.Offset.Value.ToString(CultureInfo.InvariantCulture)]));
            if (!parse.GetValue(execute))
            {
                await context.Console.Error.WriteLineAsync("Dry run: nothing was committed (use --execute to apply the plan).").ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command DeleteCommand(CliContext context)
    {
        var group = new Option<string[]>("--group", "-g") { Description = "Consumer group id (repeatable).", Required = true };
        var command = new Command("delete", "Delete inactive consumer groups and their offsets.") { group };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var groups = parse.GetRequiredValue(group);
            using var admin = await TopicsCommand.ConnectAsync(context, parse, cancellationToken).ConfigureAwait(false);
            try
            {
                await admin.DeleteGroupsAsync(groups, new DeleteGroupsOptions { RequestTimeout = AdminOperations.RequestTimeout }).ConfigureAwait(false);
            }
            catch (DeleteGroupsException ex)
            {
                var failed = ex.Results.First(r => r.Error.IsError);
                throw failed.Error.Code switch
                {
                    ErrorCode.GroupIdNotFound => CliException.Failed($"consumer group '{failed.Group}' does not exist"),
                    ErrorCode.NonEmptyGroup => CliException.Failed($"consumer group '{failed.Group}' is not empty; stop its members first"),
                    _ => CliException.Failed($"consumer group '{failed.Group}' was not deleted: {failed.Error.Code}: {failed.Error.Reason}"),
                };
            }

            await context.Console.Out.WriteLineAsync($"Deletion of requested consumer groups ({string.Join(", ", groups.Select(g => $"'{g}'"))}) was successful.").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command DeleteOffsetsCommand(CliContext context)
    {
        var group = GroupOption();
        var topics = TopicsOption();
        topics.Required = true;
        var command = new Command("delete-offsets", "Delete a group's committed offsets for topics or partitions.") { group, topics };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var groupId = parse.GetRequiredValue(group);
            using var admin = await TopicsCommand.ConnectAsync(context, parse, cancellationToken).ConfigureAwait(false);
            var partitions = await ResolvePartitionsAsync(admin, parse.GetRequiredValue(topics)).ConfigureAwait(false);
            try
            {
                await admin.DeleteConsumerGroupOffsetsAsync(groupId, partitions, new DeleteConsumerGroupOffsetsOptions { RequestTimeout = AdminOperations.RequestTimeout }).ConfigureAwait(false);
            }
            catch (DeleteConsumerGroupOffsetsException ex)
            {
                var error = ex.Result.Partitions.Select(p => p.Error).Append(ex.Result.Error).FirstOrDefault(e => e.IsError) ?? ex.Error;
                throw error.Code switch
                {
                    ErrorCode.GroupIdNotFound => CliException.Failed($"consumer group '{groupId}' does not exist"),
                    _ => CliException.Failed($"offsets of group '{groupId}' were not deleted: {error.Code}: {error.Reason}"),
                };
            }

            TableWriter.Write(context.Console.Out, ["TOPIC", "PARTITION", "STATUS"], partitions.Select(tp => (IReadOnlyList<string?>)
                [tp.Topic, tp.Partition.Value.ToString(CultureInfo.InvariantCulture), "Successful"]));
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<ConsumerGroupDescription> DescribeGroupAsync(IAdminClient admin, string groupId)
    {
        try
        {
            var result = await admin.DescribeConsumerGroupsAsync([groupId], new DescribeConsumerGroupsOptions { RequestTimeout = AdminOperations.RequestTimeout }).ConfigureAwait(false);
            return result.ConsumerGroupDescriptions[0];
        }
        catch (DescribeConsumerGroupsException ex)
        {
            var error = ex.Results.ConsumerGroupDescriptions.Select(d => d.Error).FirstOrDefault(e => e.IsError) ?? ex.Error;
            throw error.Code == ErrorCode.GroupIdNotFound
                ? CliException.Failed($"consumer group '{groupId}' does not exist")
                : CliException.Failed($"consumer group '{groupId}' could not be described: {error.Code}: {error.Reason}");
        }
    }

    internal static async Task<Dictionary<TopicPartition, long>> CommittedAsync(IAdminClient admin, string groupId)
    {
        List<ListConsumerGroupOffsetsResult> results;
        try
        {
            results = await admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(groupId, null)]).ConfigureAwait(false);
        }
        catch (ListConsumerGroupOffsetsException ex)
        {
            var error = ex.Results.SelectMany(r => r.Partitions.Select(p => p.Error).Append(r.Error)).FirstOrDefault(e => e.IsError) ?? ex.Error;
            if (error.Code == ErrorCode.GroupIdNotFound)
            {
                return [];
            }

            throw CliException.Failed($"offsets of group '{groupId}' could not be read: {error.Code}: {error.Reason}");
        }

        return results.SelectMany(r => r.Partitions)
            .Where(p => !p.Error.IsError && p.Offset.Value >= 0)
            .ToDictionary(p => p.TopicPartition, p => p.Offset.Value);
    }

    /// <summary>Expands <c>topic</c> (every partition, so the topic must exist) and <c>topic:0,2</c> selectors.</summary>
    private static async Task<List<TopicPartition>> ResolvePartitionsAsync(IAdminClient admin, IEnumerable<string> selectors)
    {
        var result = new List<TopicPartition>();
        foreach (var selector in selectors)
        {
            var colon = selector.IndexOf(':', StringComparison.Ordinal);
            var topic = colon < 0 ? selector : selector[..colon];
            var description = await AdminOperations.DescribeTopicAsync(admin, topic).ConfigureAwait(false);
            var existing = description.Partitions.Select(p => p.Partition).ToHashSet();
            if (colon < 0)
            {
                result.AddRange(existing.Order().Select(p => new TopicPartition(topic, new Partition(p))));
                continue;
            }

            foreach (var text in selector[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var p))
                {
                    throw CliException.Usage($"--topic '{selector}': partitions are numbers, got '{text}'");
                }

                result.Add(existing.Contains(p) ? new TopicPartition(topic, new Partition(p)) : throw CliException.Failed($"topic '{topic}' has no partition {p}"));
            }
        }

        return result.Distinct().ToList();
    }
}
