// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.CommandLine;
using System.Globalization;
using Granary.Cli.Configuration;
using Granary.Cli.Formatting;
using Granary.Client;
using Granary.Client.Admin;

namespace Granary.Cli.Commands;

/// <summary><c>granary topics create|list|describe|alter|delete</c> (kafka-topics.sh) through the admin client.</summary>
public static class TopicsCommand
{
    public static Command Create(CliContext context) => new("topics", "Create, list, describe, alter and delete topics.")
    {
        CreateCommand(context), ListCommand(context), DescribeCommand(context), AlterCommand(context), DeleteCommand(context),
    };

    internal static Option<string> TopicOption(bool required = true) =>
        new("--topic", "-t") { Description = "Topic name.", Required = required };

    internal static Option<string[]> ConfigOption() => new("--config", "-c") { Description = "A topic config key=value (repeatable)." };

    private static Command CreateCommand(CliContext context)
    {
        var topic = TopicOption();
        var partitions = new Option<int?>("--partitions") { Description = "Number of partitions (default: the broker's num.partitions)." };
        var replication = new Option<short?>("--replication-factor") { Description = "Replicas per partition (default: the broker's default.replication.factor)." };
        var config = ConfigOption();
        var ifNotExists = new Option<bool>("--if-not-exists") { Description = "Succeed without change when the topic exists." };
        var command = new Command("create", "Create a topic.") { topic, partitions, replication, config, ifNotExists };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(partitions) is < 1 || parse.GetValue(replication) is < 1)
            {
                throw CliException.Usage("--partitions and --replication-factor must be at least 1");
            }

            var configs = ClientProperties.ParsePairs(parse.GetValue(config), "--config").ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            var name = parse.GetRequiredValue(topic);
            using var admin = await ConnectAsync(context, parse, cancellationToken).ConfigureAwait(false);
            var specification = new TopicSpecification
            {
                Name = name,
                NumPartitions = parse.GetValue(partitions) ?? -1,
                ReplicationFactor = parse.GetValue(replication) ?? -1,
                Configs = configs,
            };
            try
            {
                await admin.CreateTopicsAsync([specification], new CreateTopicsOptions { RequestTimeout = AdminOperations.RequestTimeout }).ConfigureAwait(false);
            }
            catch (CreateTopicsException ex)
            {
                var error = ex.Results[0].Error;
                if (error.Code == ErrorCode.TopicAlreadyExists && parse.GetValue(ifNotExists))
                {
                    return ExitCodes.Success;
                }

                throw error.Code == ErrorCode.TopicAlreadyExists
                    ? CliException.Failed($"topic '{name}' already exists")
                    : CliException.Failed($"topic '{name}' was not created: {error.Code}: {error.Reason}");
            }

            await context.Console.Out.WriteLineAsync($"Created topic {name}.").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command ListCommand(CliContext context)
    {
        var excludeInternal = new Option<bool>("--exclude-internal") { Description = "Leave out internal topics such as __consumer_offsets." };
        var command = new Command("list", "List topic names, one per line.") { excludeInternal };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var admin = await ConnectAsync(context, parse, cancellationToken).ConfigureAwait(false);
            var metadata = admin.GetMetadata(AdminOperations.RequestTimeout);
            foreach (var name in metadata.Topics.Select(t => t.Topic).Where(t => !parse.GetValue(excludeInternal) || !t.StartsWith("__", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                await context.Console.Out.WriteLineAsync(name).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command DescribeCommand(CliContext context)
    {
        var topic = TopicOption(required: false);
        var underReplicated = new Option<bool>("--under-replicated-partitions") { Description = "Only partitions whose ISR is smaller than their replica set." };
        var command = new Command("describe", "Show partitions, leader, replicas and ISR (all topics when --topic is absent).") { topic, underReplicated };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var admin = await ConnectAsync(context, parse, cancellationToken).ConfigureAwait(false);
            var names = parse.GetValue(topic) is { } one
                ? [one]
                : admin.GetMetadata(AdminOperations.RequestTimeout).Topics.Select(t => t.Topic).Order(StringComparer.Ordinal).ToList();
            var descriptions = names.Count == 0 ? [] : await AdminOperations.DescribeTopicsAsync(admin, names).ConfigureAwait(false);
            var rows = new List<string?[]>();
            foreach (var description in descriptions.OrderBy(d => d.Name, StringComparer.Ordinal))
            {
                foreach (var partition in description.Partitions.OrderBy(p => p.Partition))
                {
                    if (parse.GetValue(underReplicated) && partition.ISR.Count >= partition.Replicas.Count)
                    {
                        continue;
                    }

                    rows.Add(
                    [
                        description.Name,
                        partition.Partition.ToString(CultureInfo.InvariantCulture),
                        partition.Leader?.Id.ToString(CultureInfo.InvariantCulture) ?? "none",
                        string.Join(',', partition.Replicas.Select(n => n.Id.ToString(CultureInfo.InvariantCulture))),
                        string.Join(',', partition.ISR.Select(n => n.Id.ToString(CultureInfo.InvariantCulture))),
                    ]);
                }
            }

            TableWriter.Write(context.Console.Out, ["TOPIC", "PARTITION", "LEADER", "REPLICAS", "ISR"], rows);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command AlterCommand(CliContext context)
    {
        var topic = TopicOption();
        var partitions = new Option<int?>("--partitions") { Description = "The new partition count (it can only grow)." };
        var config = ConfigOption();
        var deleteConfig = new Option<string[]>("--delete-config") { Description = "A topic config to reset to its default (repeatable)." };
        var command = new Command("alter", "Add partitions or change topic configs.") { topic, partitions, config, deleteConfig };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var sets = ClientProperties.ParsePairs(parse.GetValue(config), "--config");
            var deletes = parse.GetValue(deleteConfig) ?? [];
            var newCount = parse.GetValue(partitions);
            if (newCount is null && sets.Count == 0 && deletes.Length == 0)
            {
                throw CliException.Usage("topics alter needs --partitions, --config or --delete-config");
            }

            var name = parse.GetRequiredValue(topic);
            using var admin = await ConnectAsync(context, parse, cancellationToken).ConfigureAwait(false);
            var description = await AdminOperations.DescribeTopicAsync(admin, name).ConfigureAwait(false);
            if (newCount is { } count)
            {
                if (count <= description.Partitions.Count)
                {
                    throw CliException.Failed($"topic '{name}' has {description.Partitions.Count} partitions; the count can only be increased");
                }

                try
                {
                    await admin.CreatePartitionsAsync([new PartitionsSpecification { Topic = name, IncreaseTo = count }]).ConfigureAwait(false);
                }
                catch (CreatePartitionsException ex)
                {
                    throw CliException.Failed($"partitions of '{name}' were not added: {ex.Results[0].Error.Code}: {ex.Results[0].Error.Reason}");
                }
            }

            if (sets.Count > 0 || deletes.Length > 0)
            {
                await ConfigsCommand.AlterAsync(admin, new ConfigResource { Type = ResourceType.Topic, Name = name }, sets, deletes).ConfigureAwait(false);
            }

            await context.Console.Out.WriteLineAsync($"Altered topic {name}.").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command DeleteCommand(CliContext context)
    {
        var topic = TopicOption();
        var ifExists = new Option<bool>("--if-exists") { Description = "Succeed when the topic does not exist." };
        var command = new Command("delete", "Delete a topic and its data.") { topic, ifExists };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var name = parse.GetRequiredValue(topic);
            using var admin = await ConnectAsync(context, parse, cancellationToken).ConfigureAwait(false);
            try
            {
                await admin.DeleteTopicsAsync([name], new DeleteTopicsOptions { RequestTimeout = AdminOperations.RequestTimeout }).ConfigureAwait(false);
            }
            catch (DeleteTopicsException ex)
            {
                var error = ex.Results[0].Error;
                if (error.Code == ErrorCode.UnknownTopicOrPart && parse.GetValue(ifExists))
                {
                    return ExitCodes.Success;
                }

                AdminOperations.ThrowIfError(name, error);
                throw;
            }

            await context.Console.Out.WriteLineAsync($"Deleted topic {name}.").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Probes the bootstrap servers, then creates the admin client every admin command uses.</summary>
    internal static async Task<IAdminClient> ConnectAsync(CliContext context, ParseResult parse, CancellationToken cancellationToken)
    {
        var config = ClientProperties.Build(parse);
        await BrokerProbe.EnsureReachableAsync(config, context.Time, cancellationToken).ConfigureAwait(false);
        return ClientFactory.CreateAdmin(config);
    }
}
