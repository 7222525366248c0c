// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.CommandLine;
using Granary.Cli.Configuration;
using Granary.Cli.Formatting;
using Granary.Client;
using Granary.Client.Admin;

namespace Granary.Cli.Commands;

/// <summary><c>granary configs describe|alter</c> (kafka-configs.sh) for topics and brokers.</summary>
public static class ConfigsCommand
{
    public static Command Create(CliContext context) => new("configs", "Describe and alter topic and broker configs.")
    {
        DescribeCommand(context), AlterCommand(context),
    };

    /// <summary>Sets and deletes individual configs (IncrementalAlterConfigs), leaving the others as they are.</summary>
    internal static async Task AlterAsync(IAdminClient admin, ConfigResource resource, IEnumerable<KeyValuePair<string, string>> sets, IEnumerable<string> deletes)
    {
        var entries = sets.Select(p => new ConfigEntry { Name = p.Key, Value = p.Value, IncrementalOperation = AlterConfigOpType.Set })
            .Concat(deletes.Select(name => new ConfigEntry { Name = name, IncrementalOperation = AlterConfigOpType.Delete }))
            .ToList();
        try
        {
            await admin.IncrementalAlterConfigsAsync(new Dictionary<ConfigResource, List<ConfigEntry>> { [resource] = entries }).ConfigureAwait(false);
        }
        catch (IncrementalAlterConfigsException ex)
        {
            var error = ex.Results.Select(r => r.Error).FirstOrDefault(e => e.IsError) ?? ex.Error;
            if (error.Code == ErrorCode.UnknownTopicOrPart)
            {
                throw CliException.Failed($"unknown topic '{resource.Name}'");
            }

            throw CliException.Failed($"configs of {Describe(resource)} were not altered: {error.Code}: {error.Reason}");
        }
    }

    private static (Option<string> Type, Option<string> Name) EntityOptions()
    {
        var type = new Option<string>("--entity-type") { Description = "topics or brokers.", Required = true };
        type.AcceptOnlyFromAmong("topics", "brokers");
        var name = new Option<string>("--entity-name") { Description = "The topic name or broker id.", Required = true };
        return (type, name);
    }

    private static ConfigResource Resource(ParseResult parse, Option<string> type, Option<string> name)
    {
        var entityName = parse.GetRequiredValue(name);
        if (parse.GetValue(type) == "brokers")
        {
            if (!int.TryParse(entityName, out _))
            {
                throw CliException.Usage($"--entity-name for brokers is a broker id, got '{entityName}'");
            }

            return new ConfigResource { Type = ResourceType.Broker, Name = entityName };
        }

        return new ConfigResource { Type = ResourceType.Topic, Name = entityName };
    }

    private static string Describe(ConfigResource resource) => $"{(resource.Type == ResourceType.Broker ? "broker" : "topic")} '{resource.Name}'";

    private static Command DescribeCommand(CliContext context)
    {
        var (type, name) = EntityOptions();
        var all = new Option<bool>("--all") { Description = "Show every config, not only those set explicitly." };
        var command = new Command("describe", "Show the configs of a topic or broker.") { type, name, all };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var resource = Resource(parse, type, name);
            using var admin = await TopicsCommand.ConnectAsync(context, parse, cancellationToken).ConfigureAwait(false);
            List<DescribeConfigsResult> results;
            try
            {
                results = await admin.DescribeConfigsAsync([resource], new DescribeConfigsOptions { RequestTimeout = AdminOperations.RequestTimeout }).ConfigureAwait(false);
            }
            catch (DescribeConfigsException ex)
            {
                var error = ex.Results.Select(r => r.Error).FirstOrDefault(e => e.IsError) ?? ex.Error;
                throw error.Code == ErrorCode.UnknownTopicOrPart
                    ? CliException.Failed($"unknown topic '{resource.Name}'")
                    : CliException.Failed($"configs of {Describe(resource)} could not be read: {error.Code}: {error.Reason}");
            }

            var entries = results.SelectMany(r => r.Entries.Values)
                .Where(e => parse.GetValue(all) || !e.IsDefault)
                .OrderBy(e => e.Name, StringComparer.Ordinal)
                .Select(e => (IReadOnlyList<string?>)[e.Name, e.IsSensitive ? "(sensitive)" : e.Value ?? "null", e.Source.ToString(), e.IsReadOnly ? "true" : "false"]);
            TableWriter.Write(context.Console.Out, ["NAME", "VALUE", "SOURCE", "READ-ONLY"], entries);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command AlterCommand(CliContext context)
    {
        var (type, name) = EntityOptions();
        var add = new Option<string[]>("--add-config") { Description = "k=v[,k=v...] configs to set (repeatable)." };
        var delete = new Option<string[]>("--delete-config") { Description = "k[,k...] configs to reset to their defaults (repeatable)." };
        var command = new Command("alter", "Set or delete configs of a topic or broker.") { type, name, add, delete };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var resource = Resource(parse, type, name);
            var sets = ClientProperties.ParsePairs((parse.GetValue(add) ?? []).SelectMany(SplitList), "--add-config");
            var deletes = (parse.GetValue(delete) ?? []).SelectMany(SplitList).ToList();
            if (sets.Count == 0 && deletes.Count == 0)
            {
                throw CliException.Usage("configs alter needs --add-config or --delete-config");
            }

            var both = sets.Select(s => s.Key).Intersect(deletes, StringComparer.Ordinal).FirstOrDefault();
            if (both is not null)
            {
                throw CliException.Usage($"'{both}' is both added and deleted");
            }

            using var admin = await TopicsCommand.ConnectAsync(context, parse, cancellationToken).ConfigureAwait(false);
            await AlterAsync(admin, resource, sets, deletes).ConfigureAwait(false);
            await context.Console.Out.WriteLineAsync($"Completed updating config for {Describe(resource)}.").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>kafka-configs takes comma-separated lists; values themselves may not contain commas there either.</summary>
    private static IEnumerable<string> SplitList(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
