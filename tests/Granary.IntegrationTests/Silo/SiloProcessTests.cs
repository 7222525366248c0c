// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers.Binary;
using Granary.IntegrationTests.Infrastructure;
using Xunit;

namespace Granary.IntegrationTests.Silo;

public sealed class SiloProcessTests
{
    [Fact]
    public async Task Child_process_serves_ApiVersions_and_stops_gracefully_on_SIGTERM()
    {
        using var data = new TempDirectory();
        await using var silo = await SiloProcess.StartAsync(data.Path);

        await using var connection = await RawKafkaConnection.ConnectAsync(silo.Port);
        await connection.SendAsync(RawKafkaConnection.ApiVersionsRequest(99, 3));
        var frame = await connection.ReadFrameAsync();
        Assert.NotNull(frame);
        Assert.Equal(99, BinaryPrimitives.ReadInt32BigEndian(frame));

        // The idle connection stays open; SIGTERM must still stop the silo, close it, and exit 0.
        var exitCode = await silo.TerminateAsync();

        Assert.Equal(0, exitCode);
        Assert.Contains("stopped", silo.Output, StringComparison.Ordinal);
        Assert.True(await connection.IsClosedBySiloAsync());
        Assert.True(Directory.Exists(data.Path));
    }

    [Fact]
    public async Task Invalid_setting_stops_startup_with_a_message_naming_the_key()
    {
        using var data = new TempDirectory();
        var (exitCode, output) = await SiloProcess.RunToExitAsync("--port", "0", "--data-dir", data.Path, "--override", "message.max.bytes=abc");

        Assert.Equal(2, exitCode);
        Assert.Contains("message.max.bytes: must be an integer in [0, 2147483647], got 'abc'", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_override_key_stops_startup_naming_it()
    {
        var (exitCode, output) = await SiloProcess.RunToExitAsync("--override", "log.retention.fortnights=2");

        Assert.Equal(2, exitCode);
        Assert.Contains("log.retention.fortnights: unknown broker setting in --override", output, StringComparison.Ordinal);
    }
}
