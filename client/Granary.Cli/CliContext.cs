// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Cli;

/// <summary>What every command needs from its host: the console streams and the clock.</summary>
public sealed class CliContext(CliConsole console, TimeProvider time)
{
    public CliConsole Console { get; } = console;

    public TimeProvider Time { get; } = time;
}
