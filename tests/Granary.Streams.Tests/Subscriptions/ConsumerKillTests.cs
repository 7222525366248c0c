// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using Granary.Streams.Tests.Infrastructure;

namespace Granary.Streams.Tests.Subscriptions;

public class ConsumerKillTests
{
    [Fact]
    public async Task NoItemIsLostWhenTheConsumerProcessIsKilledAndRestarted()
    {
        await using var harness = await StreamHarness.StartAsync(("killed", 1));
        var stream = harness.NewProvider().GetStream<int>(StreamId.Create("killed", "k"));
        await stream.OnNextBatchAsync(Enumerable.Range(0, 300));
        var file = Path.Combine(harness.Silo.DataDirectory, "handled.txt");

        using (var first = StartWorker(harness.Silo.BootstrapServers, file))
        {
            await Wait.UntilAsync(() => Handled(file).Count >= 60, "the first worker handles 60 items");
            first.Kill(); // SIGKILL: no commit, no LeaveGroup
            await first.WaitForExitAsync();
        }

        var beforeRestart = Handled(file).Count;
        Assert.True(beforeRestart < 300, "the worker was killed before finishing");
        using var second = StartWorker(harness.Silo.BootstrapServers, file);
        try
        {
            await Wait.UntilAsync(() => Handled(file).ToHashSet().Count == 300, "every item is handled after the restart");
        }
        finally
        {
            second.Kill();
            await second.WaitForExitAsync();
        }

        var handled = Handled(file);
        Assert.Equal(Enumerable.Range(0, 300), handled.Distinct().Order());
        // Redelivery starts at the committed position and runs forward: the items after the kill are in order.
        var resumed = handled.Skip(beforeRestart).ToList();
        Assert.Equal(resumed.Order(), resumed);
    }

    private static Process StartWorker(string bootstrap, string file)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Granary.Streams.TestWorker.dll"));
        start.ArgumentList.Add(bootstrap);
        start.ArgumentList.Add("killed");
        start.ArgumentList.Add(file);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static List<int> Handled(string file)
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
