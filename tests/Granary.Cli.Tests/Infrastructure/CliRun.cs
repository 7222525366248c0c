// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Cli.Tests.Infrastructure;

/// <summary>The outcome of one CLI invocation: exit code and everything written to stdout and stderr.</summary>
public sealed record CliRun(int ExitCode, string Out, string Error)
{
    public string[] OutLines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

    /// <summary>Runs the CLI in this process through <see cref="CliApp.RunAsync"/> with captured streams.</summary>
    public static async Task<CliRun> WithStdinAsync(string stdin, params string[] args) => await WithStdinAsync(stdin, TimeProvider.System, args);

    public static Task<CliRun> WithStdinAsync(string stdin, TimeProvider time, params string[] args) => RunAsync(stdin, time, interactive: false, args);

    /// <summary>Runs the CLI as if stderr were a terminal, so progress displays draw (into the captured stderr).</summary>
    public static Task<CliRun> InteractiveAsync(params string[] args) => RunAsync(string.Empty, TimeProvider.System, interactive: true, args);

    private static async Task<CliRun> RunAsync(string stdin, TimeProvider time, bool interactive, string[] args)
    {
        using var input = new StringReader(stdin);
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var code = await CliApp.RunAsync(args, new CliConsole(input, output, error, interactive, outIsTerminal: false), time, timeout.Token);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    public static Task<CliRun> InProcessAsync(params string[] args) => WithStdinAsync(string.Empty, args);

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Out}\nstderr:\n{Error}";
}
