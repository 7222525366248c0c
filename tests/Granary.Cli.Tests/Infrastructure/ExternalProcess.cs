// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Diagnostics;

namespace Granary.Cli.Tests.Infrastructure;

/// <summary>Runs real programs: the built granary tool (through the dotnet host) and kcat as an independent peer.</summary>
public static class ExternalProcess
{
    /// <summary>The granary.dll the test project's build copied next to the tests (a referenced executable).</summary>
    public static string GranaryDll
    {
        get
        {
            var path = Path.Combine(AppContext.BaseDirectory, "granary.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("The built granary tool was not found next to the tests.", path);
        }
    }

    public static Task<CliRun> GranaryAsync(string stdin, params string[] args) => RunAsync("dotnet", [GranaryDll, .. args], stdin);

    public static Task<CliRun> KcatAsync(params string[] args) => RunAsync("kcat", args, null);

    /// <summary>Runs <paramref name="file"/>, feeding <paramref name="stdin"/>; kills the whole process tree if it outlives two minutes.</summary>
    public static async Task<CliRun> RunAsync(string file, IEnumerable<string> args, string? stdin, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not exit within two minutes");
        }

        return new CliRun(process.ExitCode, await stdout, await stderr);
    }
}
