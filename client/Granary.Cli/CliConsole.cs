// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Cli;

/// <summary>The streams a command reads and writes; tests pass their own to run the CLI in-process.</summary>
public sealed class CliConsole(TextReader input, TextWriter output, TextWriter error, bool interactive = false, bool outIsTerminal = false)
{
    public static CliConsole System => new(Console.In, Console.Out, Console.Error, !Console.IsErrorRedirected, !Console.IsOutputRedirected);

    public TextReader In { get; } = input;

    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>True when stderr is a terminal, so progress displays may draw there without corrupting piped output.</summary>
    public bool Interactive { get; } = interactive;

    /// <summary>True when stdout is a terminal too: result lines are then written above a live display instead of through it.</summary>
    public bool OutIsTerminal { get; } = outIsTerminal;
}
