// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers.Binary;
using Granary.IntegrationTests.Infrastructure;
using Xunit;

namespace Granary.IntegrationTests.Silo;

public sealed class HostileInputTests
{
    [Fact]
    public async Task Random_frames_never_take_the_silo_down()
    {
        await using var silo = await InProcessSilo.StartAsync(["--override", "socket.request.max.bytes=65536"]);
        var random = new Random(20261121);
        short[] keys = [0, 1, 3, 18, 18, 3, 42, -1, short.MaxValue];

        for (var i = 0; i < 60; i++)
        {
            // Valid size prefix, then a plausible or random header and random body bytes.
            var body = new byte[random.Next(0, 300)];
            random.NextBytes(body);
            var frame = i % 2 == 0
                ? RawKafkaConnection.Request(keys[random.Next(keys.Length)], (short)random.Next(-2, 15), i, body, flexible: random.Next(2) == 0)
                : [.. BigEndian(body.Length), .. body];
            await using var connection = await RawKafkaConnection.ConnectAsync(silo.Port);
            await connection.SendAsync(frame);

            // Whatever the bytes, the silo answers or closes this connection (ReadFrameAsync times out otherwise).
            await connection.ReadFrameAsync();
        }

        await using var healthy = await RawKafkaConnection.ConnectAsync(silo.Port);
        await healthy.SendAsync(RawKafkaConnection.ApiVersionsRequest(77, 3));
        var response = await healthy.ReadFrameAsync();
        Assert.NotNull(response);
        Assert.Equal(77, BinaryPrimitives.ReadInt32BigEndian(response));
    }

    [Fact]
    public async Task An_idle_connection_is_closed_after_connections_max_idle_ms()
    {
        await using var silo = await InProcessSilo.StartAsync(["--override", "connections.max.idle.ms=200"]);
        await using var connection = await RawKafkaConnection.ConnectAsync(silo.Port);
        await connection.SendAsync(RawKafkaConnection.ApiVersionsRequest(1));
        Assert.NotNull(await connection.ReadFrameAsync());

        Assert.True(await connection.IsClosedBySiloAsync());
    }

    private static byte[] BigEndian(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }
}
