// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.CommandLine;
using System.CommandLine.Parsing;
using Granary.Cli.Commands;
using Granary.Cli.Perf;
using Granary.Client;

namespace Granary.Cli;

/// <summary>Builds the command tree and runs one command line, mapping every failure to a one-line message and an exit code.</summary>
public static class CliApp
{
    public static RootCommand BuildRootCommand(CliContext context)
    {
        var root = new RootCommand("granary: manage and measure a Granary (or any Kafka) cluster.");
        root.Options.Add(CommonOptions.BootstrapServer);
        root.Options.Add(CommonOptions.CommandConfig);
        root.Subcommands.Add(TopicsCommand.Create(context));
        root.Subcommands.Add(ProduceCommand.Create(context));
        root.Subcommands.Add(ConsumeCommand.Create(context));
        root.Subcommands.Add(GroupsCommand.Create(context));
        root.Subcommands.Add(ConfigsCommand.Create(context));
        root.Subcommands.Add(ClusterCommand.Create(context));
        root.Subcommands.Add(PerfCommand.Create(context));
        root.Subcommands.Add(DlqCommand.Create(context));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliConsole console, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        var context = new CliContext(console, time);
        var parse = BuildRootCommand(context).Parse(args);
        if (parse.Errors.Count > 0)
        {
            await console.Error.WriteLineAsync($"granary: {Describe(parse.Errors[0])} (see 'granary {CommandPath(parse)} --help')").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        try
        {
            var invocation = new InvocationConfiguration { Output = console.Out, Error = console.Error, EnableDefaultExceptionHandler = false };
            return await parse.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (CliException ex)
        {
            await console.Error.WriteLineAsync($"granary: {OneLine(ex.Message)}").ConfigureAwait(false);
            return ex.ExitCode;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await console.Error.WriteLineAsync("granary: interrupted").ConfigureAwait(false);
            return ExitCodes.Interrupted;
        }
        catch (KafkaException ex)
        {
            await console.Error.WriteLineAsync($"granary: {ex.Error.Code}: {ex.Error.Reason}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
        catch (Exception ex) when (ex is IOException or TimeoutException or InvalidOperationException or NotSupportedException)
        {
            await console.Error.WriteLineAsync($"granary: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
        finally
        {
            await console.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Prefixes the option's name when System.CommandLine's message does not already carry it.</summary>
    private static string Describe(ParseError error)
    {
        var option = error.SymbolResult switch
        {
            OptionResult o => o.Option,
            ArgumentResult { Parent: OptionResult o } => o.Option,
            _ => null,
        };
        var message = OneLine(error.Message);
        return option is null || message.Contains(option.Name, StringComparison.Ordinal) ? message : $"{option.Name}: {message}";
    }

    /// <summary>Every message is one line on stderr, so scripts can read it with a single read.</summary>
    internal static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (SymbolResult? result = parse.CommandResult; result is CommandResult { Parent: not null } command; result = command.Parent)
        {
            names.Add(command.Command.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }
}
