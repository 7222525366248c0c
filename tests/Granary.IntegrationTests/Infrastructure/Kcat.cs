// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Diagnostics;

namespace Granary.IntegrationTests.Infrastructure;

/// <summary>Runs the real kcat (librdkafka) binary. A missing kcat makes the calling test fail, never skip.</summary>
public static class Kcat
{
    public const string Path = "/usr/bin/kcat";

    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        if (!File.Exists(Path))
        {
            throw new InvalidOperationException($"kcat is required at {Path} (Debian package 'kcat').");
        }

        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
