// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using Granary.Cluster.Sqlite;
using Xunit;

namespace Granary.Cluster.Tests.Sqlite;

public sealed class CrossProcessTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Producer_id_blocks_allocated_by_several_processes_at_once_never_overlap()
    {
        using var table = await SqliteClusterTable.OpenAsync(_dir.Options(pooling: false));
        var children = new[] { StartChild(siloId: 2, blocks: 60, blockSize: 3), StartChild(siloId: 3, blocks: 60, blockSize: 5) };
        try
        {
            await AllocateAlongsideAsync(table, children);
        }
        finally
        {
            foreach (var child in children)
            {
                if (!child.HasExited)
                {
                    child.Kill(entireProcessTree: true);
                }

                child.Dispose();
            }
        }
    }

    private static async Task AllocateAlongsideAsync(SqliteClusterTable table, Process[] children)
    {
        var outputs = children.Select(c => c.StandardOutput.ReadToEndAsync()).ToArray();

        // Allocate here while the children run, so the three processes contend for the same file.
        var local = new List<(long First, int Size)>();
        while (children.Any(c => !c.HasExited) || local.Count < 20)
        {
            var block = await table.AllocateProducerIdBlockAsync(1, 11);
            local.Add((block.FirstProducerId, block.Size));
        }

        var all = new List<(long First, int Size)>(local);
        foreach (var (child, output) in children.Zip(outputs))
        {
            await child.WaitForExitAsync();
            Assert.True(child.ExitCode == 0, await child.StandardError.ReadToEndAsync());
            foreach (var line in (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = line.Split(' ');
                all.Add((long.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture)));
            }
        }

        Assert.Equal(120 + local.Count, all.Count);
        all.Sort();
        Assert.Equal(0, all[0].First);
        for (var i = 1; i < all.Count; i++)
        {
            Assert.Equal(all[i - 1].First + all[i - 1].Size, all[i].First);
        }
    }

    private Process StartChild(int siloId, int blocks, int blockSize)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        start.ArgumentList.Add(Program.AllocateProducerIds);
        start.ArgumentList.Add(_dir.Path);
        start.ArgumentList.Add(siloId.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add(blocks.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add(blockSize.ToString(CultureInfo.InvariantCulture));
        return Process.Start(start) ?? throw new InvalidOperationException("Could not start the child process.");
    }
}
