// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Cli.Tests.Infrastructure;
using Xunit;

namespace Granary.Cli.Tests;

/// <summary><c>granary produce</c> against a real silo, read back with kcat as an independent peer.</summary>
public sealed class ProduceCommandTests
{
    [Fact]
    public async Task Lines_from_stdin_become_records_with_keys_and_headers()
    {
        await using var silo = await TestSilo.StartAsync(("lines", 1));
        var run = await CliRun.WithStdinAsync(
            "k1:hello\nk2:granary\n",
            "produce", "--topic", "lines", "--key-separator", ":", "--header", "source=cli", "-b", silo.BootstrapServers, "--acks", "all");
        Assert.True(run.ExitCode == 0, run.ToString());

        var read = await ExternalProcess.KcatAsync("-C", "-b", silo.BootstrapServers, "-t", "lines", "-o", "beginning", "-e", "-q", "-f", "%k|%s|%h\n");
        Assert.True(read.ExitCode == 0, read.ToString());
        Assert.Equal(["k1|hello|source=cli", "k2|granary|source=cli"], read.OutLines);
    }

    [Fact]
    public async Task Lines_from_a_file_go_to_the_chosen_partition_compressed()
    {
        await using var silo = await TestSilo.StartAsync(("file-input", 3));
        using var dir = new TempFile();
        await File.WriteAllLinesAsync(dir.Path, ["one", "two", "three"]);
        var run = await CliRun.InProcessAsync("produce", "-t", "file-input", "--file", dir.Path, "--partition", "2", "--compression", "lz4", "-b", silo.BootstrapServers);
        Assert.True(run.ExitCode == 0, run.ToString());

        var read = await ExternalProcess.KcatAsync("-C", "-b", silo.BootstrapServers, "-t", "file-input", "-p", "2", "-o", "beginning", "-e", "-q", "-f", "%p:%o:%s\n");
        Assert.Equal(["2:0:one", "2:1:two", "2:2:three"], read.OutLines);
    }

    [Fact]
    public async Task A_line_without_the_key_separator_is_reported_and_fails_the_run()
    {
        await using var silo = await TestSilo.StartAsync(("separators", 1));
        var run = await CliRun.WithStdinAsync("a=1\nnoseparator\nb=2\n", "produce", "-t", "separators", "--key-separator", "=", "-b", silo.BootstrapServers);
        Assert.Equal(ExitCodes.Failed, run.ExitCode);
        Assert.Contains("line 2 not delivered: no key separator '='", run.Error, StringComparison.Ordinal);
        Assert.Contains("1 of 3 records were not delivered to separators", run.Error, StringComparison.Ordinal);

        var read = await ExternalProcess.KcatAsync("-C", "-b", silo.BootstrapServers, "-t", "separators", "-o", "beginning", "-e", "-q", "-f", "%k=%s\n");
        Assert.Equal(["a=1", "b=2"], read.OutLines);
    }

    [Fact]
    public async Task An_unreachable_broker_fails_within_the_bounded_timeout_naming_the_address()
    {
        using var config = new TempFile();
        await File.WriteAllTextAsync(config.Path, "# a client properties file\nsocket.connection.setup.timeout.ms=1000\n");
        var port = TestPorts.Unused();
        var run = await CliRun.WithStdinAsync("x\n", "produce", "-t", "nowhere", "-b", $"127.0.0.1:{port}", "--command-config", config.Path);
        Assert.Equal(ExitCodes.Failed, run.ExitCode);
        Assert.Contains($"cannot reach broker 127.0.0.1:{port} within 1 s", run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Trim().Split('\n'));
    }

    [Theory]
    [InlineData("--producer-property", "no.such.property=1", "no.such.property")]
    [InlineData("--producer-property", "linger.ms=-5", "linger.ms")]
    [InlineData("--producer-property", "noequals", "--producer-property expects key=value")]
    [InlineData("--acks", "2", "--acks")]
    [InlineData("--key-separator", "", "--key-separator must not be empty")]
    public async Task Bad_flags_and_properties_are_usage_errors(string flag, string value, string expected)
    {
        await using var silo = await TestSilo.StartAsync(("bad-usage", 1));
        var run = await CliRun.WithStdinAsync("x\n", "produce", "-t", "bad-usage", "-b", silo.BootstrapServers, flag, value);
        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Missing_topic_is_a_usage_error()
    {
        var run = await CliRun.InProcessAsync("produce");
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--topic", run.Error, StringComparison.Ordinal);
    }
}
