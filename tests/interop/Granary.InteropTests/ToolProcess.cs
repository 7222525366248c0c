// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Diagnostics;

namespace Granary.InteropTests;

/// <summary>Runs an external tool (kcat, node) with optional stdin, bounded in time. A missing tool fails the test.</summary>
public static class ToolProcess
{
    public const string KcatPath = "/usr/bin/kcat";

    public const string NodePath = "/usr/bin/node";

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string path, IEnumerable<string> args, string? stdin = null, TimeSpan? timeout = null, string? workingDirectory = null)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{path} is required for the interop tests.");
        }

        var start = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }

        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{path} {string.Join(' ', args)} did not finish: {await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    public static Task<(int ExitCode, string Stdout, string Stderr)> KcatWithInputAsync(int port, string stdin, params string[] args) =>
        RunAsync(KcatPath, ["-b", $"127.0.0.1:{port}", "-X", "topic.metadata.refresh.interval.ms=1000", .. args], stdin);

    public static Task<(int ExitCode, string Stdout, string Stderr)> KcatAsync(int port, params string[] args) =>
        RunAsync(KcatPath, ["-b", $"127.0.0.1:{port}", .. args]);
}
