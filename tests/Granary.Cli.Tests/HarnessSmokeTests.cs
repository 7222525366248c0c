// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Text.RegularExpressions;
using Granary.Cli.Tests.Infrastructure;
using Xunit;

namespace Granary.Cli.Tests;

/// <summary>
/// The benchmark harness in its smoke version (tiny counts), with the tool and silo this build produced: it must run
/// end to end and print a table that parses. The figures themselves are not asserted (the machine is shared).
/// </summary>
public sealed class HarnessSmokeTests
{
    private static readonly Regex Row = new(@"^\| (?<name>[^|]+?) +\| +(?<value>[\d.]+|n/a) \| (?<unit>\S+) +\| (?<goal>[^|]+?) +\| (?<ratio>[^|]+?) +\| (?<met>yes|no|n/a|-) +\|$");

    [Fact]
    public async Task Smoke_run_prints_a_table_that_parses()
    {
        var root = ReadmeDirectory();
        var script = Path.Combine(ReadmeDirectory(), "tests", "Granary.Benchmarks", "run-benchmarks.sh");
        var bin = AppContext.BaseDirectory;
        var run = await ExternalProcess.RunAsync(
            "bash", [script, "--smoke", "--partitions", "2", "--cli", $"dotnet {Path.Combine(bin, "granary.dll")}", "--silo-dll", Path.Combine(bin, "Granary.Silo.dll")], null, root);
        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.OutLines;
        Assert.StartsWith("# Granary benchmark harness (smoke", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^\| figure +\| +value \| unit +\| goal +\| ratio +\| met +\|$", lines[1]);
        var rows = lines.Skip(2).Select(l => Row.Match(l)).ToList();
        Assert.All(rows, m => Assert.True(m.Success, run.ToString()));
        var names = rows.Select(m => m.Groups["name"].Value).ToList();
        Assert.Contains("produce 100 B acks=1", names);
        Assert.Contains("produce 1 KB acks=all", names);
        Assert.Contains("loopback TCP, one stream", names);
        Assert.Contains("consume 1 KB", names);
        Assert.Contains("consume 1 KB, incl. join", names);
        Assert.Contains(names, n => n.StartsWith("e2e p99 at ", StringComparison.Ordinal));
        Assert.All(rows.Where(m => !m.Groups["name"].Value.StartsWith("redis", StringComparison.Ordinal)), m => Assert.NotEqual("n/a", m.Groups["value"].Value));
    }

    private static string ReadmeDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orleans.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("the repository root was not found above the test directory");
    }
}
