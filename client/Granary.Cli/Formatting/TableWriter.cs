// Copyright (c) Granary contributors. Licensed under the MIT License.

using Spectre.Console;
using Spectre.Console.Rendering;

namespace Granary.Cli.Formatting;

/// <summary>
/// Writes tables with Spectre.Console, borderless and without colour or wrapping, so the output reads like
/// kafka-consumer-groups' and splits on whitespace in scripts (a missing value prints as "-").
/// </summary>
public static class TableWriter
{
    public static void Write(TextWriter output, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var table = new Table().Border(TableBorder.None);
        table.ShowHeaders = true;
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(new Text(header)) { Padding = new Padding(0, 0, 2, 0), NoWrap = true });
        }

        foreach (var row in rows)
        {
            table.AddRow(row.Select(cell => (IRenderable)new Text(string.IsNullOrEmpty(cell) ? "-" : cell)).ToArray());
        }

        Console(output).Write(table);
    }

    /// <summary>A Spectre console over <paramref name="output"/>: no ANSI, no colour, wide enough never to wrap a row.</summary>
    public static IAnsiConsole Console(TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 4096;
        return console;
    }
}
