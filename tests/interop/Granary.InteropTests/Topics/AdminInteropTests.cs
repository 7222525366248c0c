// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Text.Json;
using Granary.IntegrationTests.Infrastructure;
using Xunit;

namespace Granary.InteropTests.Topics;

/// <summary>Topic administration through clients no one here wrote: kcat (librdkafka 2.0.2) and kafkajs 2.2.4's admin.</summary>
public sealed class AdminInteropTests
{
    private static string Scripts => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "kafkajs"));

    [Fact]
    public async Task Kafkajs_admin_creates_grows_describes_alters_and_deletes_topics()
    {
        Assert.True(Directory.Exists(Path.Combine(Scripts, "node_modules", "kafkajs")), $"Run 'npm ci' in {Scripts} first.");
        using var dir = new TempDirectory();
        await using var silo = await SiloProcess.StartAsync(dir.Path);

        var run = await ToolProcess.RunAsync(ToolProcess.NodePath, ["admin.js", $"127.0.0.1:{silo.Port}", "kjs-orders"],
            timeout: TimeSpan.FromSeconds(90), workingDirectory: Scripts);
        Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout + silo.Output);
        using var json = JsonDocument.Parse(run.Stdout.Trim().Split('\n')[^1]);
        var result = json.RootElement;

        Assert.True(result.GetProperty("created").GetBoolean());
        Assert.False(result.GetProperty("createdAgain").GetBoolean()); // kafkajs answers false for TOPIC_ALREADY_EXISTS
        Assert.True(result.GetProperty("validateOnly").GetBoolean());
        Assert.Contains("INVALID_TOPIC_EXCEPTION", result.GetProperty("invalidName").GetRawText(), StringComparison.Ordinal);
        Assert.Equal(["kjs-orders"], result.GetProperty("topicsAfterCreate").EnumerateArray().Select(t => t.GetString()));
        Assert.Contains("INVALID_PARTITIONS", result.GetProperty("shrink").GetRawText(), StringComparison.Ordinal);

        var topic = Assert.Single(result.GetProperty("metadata").EnumerateArray());
        Assert.Equal("kjs-orders", topic.GetProperty("name").GetString());
        var partitions = topic.GetProperty("partitions").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2, 3, 4], partitions.Select(p => p.GetProperty("id").GetInt32()));
        Assert.All(partitions, p => Assert.Equal(0, p.GetProperty("leader").GetInt32()));

        var before = result.GetProperty("configsBefore").GetProperty("entries");
        Assert.Equal("60000", before.GetProperty("retention.ms").GetProperty("value").GetString());
        Assert.False(before.GetProperty("retention.ms").GetProperty("isDefault").GetBoolean());
        Assert.Equal("delete", before.GetProperty("cleanup.policy").GetProperty("value").GetString());
        Assert.True(before.GetProperty("cleanup.policy").GetProperty("isDefault").GetBoolean());
        var after = result.GetProperty("configsAfter").GetProperty("entries");
        Assert.Equal("120000", after.GetProperty("retention.ms").GetProperty("value").GetString());
        Assert.Equal("compact", after.GetProperty("cleanup.policy").GetProperty("value").GetString());
        Assert.Contains("INVALID_CONFIG", result.GetProperty("invalidConfig").GetRawText(), StringComparison.Ordinal);

        Assert.Empty(result.GetProperty("topicsAfterDelete").EnumerateArray());
        Assert.Equal(0, await silo.TerminateAsync());
    }

    [Fact]
    public async Task Kcat_lists_created_topics_with_their_partitions()
    {
        using var dir = new TempDirectory();
        await using var silo = await SiloProcess.StartAsync(dir.Path, "--override", "auto.create.topics.enable=false");
        var created = await IntegrationTests.Topics.AdminCalls.CreateAsync(silo.Port, 5, validateOnly: false,
            IntegrationTests.Topics.AdminCalls.Topic("kcat-a", 3),
            IntegrationTests.Topics.AdminCalls.Topic("kcat-b", 1));
        Assert.All(created.Topics, t => Assert.Equal(0, t.ErrorCode));

        var (exitCode, stdout, stderr) = await ToolProcess.KcatAsync(silo.Port, "-L");

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("2 topics:", stdout, StringComparison.Ordinal);
        Assert.Contains("topic \"kcat-a\" with 3 partitions:", stdout, StringComparison.Ordinal);
        Assert.Contains("topic \"kcat-b\" with 1 partitions:", stdout, StringComparison.Ordinal);
        foreach (var partition in new[] { 0, 1, 2 })
        {
            Assert.Contains($"partition {partition}, leader 0, replicas: 0, isrs: 0", stdout, StringComparison.Ordinal);
        }

        Assert.Equal(0, await silo.TerminateAsync());
    }
}
