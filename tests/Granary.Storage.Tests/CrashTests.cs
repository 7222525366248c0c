// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using Granary.Protocol;
using Xunit;

namespace Granary.Storage.Tests;

/// <summary>A real child process appends under an fsync policy and is killed with SIGKILL at random moments.</summary>
public sealed class CrashTests
{
    private static string CrashHostPath
    {
        get
        {
            var baseDirectory = AppContext.BaseDirectory;
            var path = Path.Combine(baseDirectory.Replace("Granary.Storage.Tests", "Granary.Storage.CrashHost", StringComparison.Ordinal), "Granary.Storage.CrashHost.dll");
            Assert.True(File.Exists(path), $"Crash host not built at {path}");
            return path;
        }
    }

    [Fact]
    public async Task Every_offset_reported_durable_survives_sigkill()
    {
        using var dir = new TempDirectory();
        var durable = new Dictionary<long, (long Last, uint Crc)>();
        var random = new Random(20261121);
        for (var iteration = 0; iteration < 20; iteration++)
        {
            var flushMessages = iteration % 4 == 3 ? 7 : 1;
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(CrashHostPath);
            start.ArgumentList.Add(dir.Path);
            start.ArgumentList.Add(random.Next().ToString(CultureInfo.InvariantCulture));
            start.ArgumentList.Add(flushMessages.ToString(CultureInfo.InvariantCulture));
            start.ArgumentList.Add((64 * 1024).ToString(CultureInfo.InvariantCulture));
            using var child = Process.Start(start)!;
            var lines = new List<string>();
            var ready = new TaskCompletionSource();
            child.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null)
                {
                    return;
                }

                lock (lines)
                {
                    lines.Add(e.Data);
                }

                if (e.Data.StartsWith("READY", StringComparison.Ordinal))
                {
                    ready.TrySetResult();
                }
            };
            child.BeginOutputReadLine();
            child.BeginErrorReadLine();
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
            await Task.Delay(random.Next(20, 300));
            child.Kill();
            await child.WaitForExitAsync();

            var reportedThisRun = 0;
            lock (lines)
            {
                foreach (var line in lines.Where(l => l.StartsWith("D ", StringComparison.Ordinal)))
                {
                    var parts = line.Split(' ');
                    if (parts.Length == 4 && parts[3].Length == 8)
                    {
                        durable[long.Parse(parts[1], CultureInfo.InvariantCulture)] = (long.Parse(parts[2], CultureInfo.InvariantCulture), uint.Parse(parts[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                        reportedThisRun++;
                    }
                }
            }

            await using var log = await PartitionLog.OpenAsync(dir.Path, new TopicPartition("crash", 0), new LogConfig { SegmentBytes = 64 * 1024 });
            // A child that wrote anything removed the clean-shutdown marker first, so the next open must recover.
            // (One killed before its first append leaves a clean log behind, and that is fine.)
            if (reportedThisRun > 0)
            {
                Assert.False(log.OpenedClean);
            }

            foreach (var (first, (last, crc)) in durable)
            {
                Assert.True(log.LogEndOffset > last, $"Iteration {iteration}: durable offset {last} lost (LogEndOffset {log.LogEndOffset}).");
                using var read = log.Read(first, 1, log.LogEndOffset);
                var bytes = read.ToArray();
                Assert.Equal(first, read.FirstOffset);
                Assert.Equal(crc, Crc32C.Compute(bytes));
            }

            // Leave it unclean on purpose half the time, so recovery also runs after recovery.
            if (iteration % 2 == 0)
            {
                await log.CloseAsync();
            }
        }

        Assert.True(durable.Count > 20, $"Only {durable.Count} durable batches were reported.");
    }
}
