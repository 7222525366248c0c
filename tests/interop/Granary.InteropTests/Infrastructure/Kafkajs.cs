// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Text.Json;

namespace Granary.InteropTests.Infrastructure;

/// <summary>Runs a script of tests/interop/kafkajs with /usr/bin/node and returns its RESULT line as JSON.</summary>
public static class Kafkajs
{
    public const string NodePath = "/usr/bin/node";

    /// <summary>The tests/interop/kafkajs folder, found above the test assembly; kafkajs must be installed there (npm ci).</summary>
    public static string ScriptDirectory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tests", "interop", "kafkajs");
                if (File.Exists(Path.Combine(candidate, "package.json")))
                {
                    return candidate;
                }
            }

            throw new InvalidOperationException("tests/interop/kafkajs was not found above " + AppContext.BaseDirectory);
        }
    }

    public static async Task<JsonElement> RunAsync(string script, params string[] args)
    {
        if (!File.Exists(NodePath))
        {
            throw new InvalidOperationException($"node is required at {NodePath}.");
        }

        var directory = ScriptDirectory;
        if (!Directory.Exists(Path.Combine(directory, "node_modules", "kafkajs")))
        {
            throw new InvalidOperationException($"kafkajs is not installed: run 'npm ci' in {directory}.");
        }

        var start = new ProcessStartInfo(NodePath)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(170));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {script} {string.Join(' ', args)} did not finish.");
        }

        var output = await stdout;
        var errors = await stderr;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"node {script} {string.Join(' ', args)} exited with {process.ExitCode}:{Environment.NewLine}{output}{errors}");
        }

        var line = output.Split('\n').LastOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"node {script} printed no RESULT line:{Environment.NewLine}{output}{errors}");
        using var document = JsonDocument.Parse(line["RESULT ".Length..]);
        return document.RootElement.Clone();
    }
}
