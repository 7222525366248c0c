// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Granary.IntegrationTests.Infrastructure;

/// <summary>A silo running as a real child process (<c>dotnet Granary.Silo.dll</c>), its output captured.</summary>
public sealed partial class SiloProcess : IAsyncDisposable
{
    private const int Sigterm = 15;

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<int> _port = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SiloProcess(Process process) => _process = process;

    public int Port => _port.Task.IsCompletedSuccessfully ? _port.Task.Result : throw new InvalidOperationException("Not started.");

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static string SiloAssemblyPath => Path.Combine(AppContext.BaseDirectory, "Granary.Silo.dll");

    /// <summary>Starts the process; returns once it logged its listening address (or throws with its output if it exited).</summary>
    public static async Task<SiloProcess> StartAsync(string dataDirectory, params string[] extraArgs)
    {
        var silo = Launch(["--port", "0", "--data-dir", dataDirectory, .. extraArgs]);
        var exited = silo._process.WaitForExitAsync();
        var first = await Task.WhenAny(silo._port.Task, exited, Task.Delay(TimeSpan.FromSeconds(60)));
        if (first != silo._port.Task)
        {
            await silo.DisposeAsync();
            throw new InvalidOperationException("The silo did not start:" + Environment.NewLine + silo.Output);
        }

        return silo;
    }

    /// <summary>Runs the silo with the given arguments until it exits by itself (for configuration errors).</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(params string[] args)
    {
        await using var silo = Launch(args);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await silo._process.WaitForExitAsync(timeout.Token);
        silo._process.WaitForExit(); // drains the redirected streams
        return (silo._process.ExitCode, silo.Output);
    }

    /// <summary>Sends SIGTERM (what systemd and Kubernetes send) and waits for the process to exit.</summary>
    public async Task<int> TerminateAsync()
    {
        if (kill(_process.Id, Sigterm) != 0)
        {
            throw new InvalidOperationException($"kill failed: errno {Marshal.GetLastPInvokeError()}");
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(timeout.Token);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static SiloProcess Launch(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(SiloAssemblyPath);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var process = new Process { StartInfo = start };
        var silo = new SiloProcess(process);
        process.OutputDataReceived += (_, e) => silo.Append(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        var match = ListeningLine().Match(line);
        if (match.Success)
        {
            _port.TrySetResult(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [GeneratedRegex(@"listening on [^\s]+:(\d+),")]
    private static partial Regex ListeningLine();

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
