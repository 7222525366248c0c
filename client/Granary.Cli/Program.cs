// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Cli;

/// <summary>The <c>granary</c> executable: Ctrl+C cancels the running command, then exits with 130.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        return await CliApp.RunAsync(args, CliConsole.System, TimeProvider.System, cancellation.Token).ConfigureAwait(false);
    }
}
