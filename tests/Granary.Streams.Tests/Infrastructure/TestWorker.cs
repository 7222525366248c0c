// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;

namespace Granary.Streams.Tests.Infrastructure;

/// <summary>
/// Starts Granary.Streams.TestWorker as a real child process (so tests can SIGKILL it) and reads the items it
/// recorded as handled, one per line, from its output file.
/// </summary>
public static class TestWorker
{
    public static Process Start(string bootstrap, string topic, string file)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Granary.Streams.TestWorker.dll"));
        start.ArgumentList.Add(bootstrap);
        start.ArgumentList.Add(topic);
        start.ArgumentList.Add(file);
        var process = Process.Start(start)!;

        // Drain both pipes so a chatty worker never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>The items handled so far, in the order the worker wrote them (the file may still be growing).</summary>
    public static List<int> Handled(string file)
    {
        if (!File.Exists(file))
        {
            return [];
        }

        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return [.. lines.Select(l => int.Parse(l, CultureInfo.InvariantCulture))];
    }
}
