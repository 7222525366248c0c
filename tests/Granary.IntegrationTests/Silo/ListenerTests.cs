// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers.Binary;
using Granary.IntegrationTests.Infrastructure;
using Granary.Protocol.Primitives;
using Granary.Silo.Dispatch;
using Xunit;

namespace Granary.IntegrationTests.Silo;

public sealed class ListenerTests : IAsyncLifetime
{
    private InProcessSilo _silo = null!;

    public async Task InitializeAsync() =>
        _silo = await InProcessSilo.StartAsync(
            ["--override", "socket.request.max.bytes=4194304"],
            services => services.AddApiHandler<EchoHandler>());

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    private static int CorrelationId(byte[] frame) => BinaryPrimitives.ReadInt32BigEndian(frame);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task ApiVersions_round_trip(short version)
    {
        await using var connection = await RawKafkaConnection.ConnectAsync(_silo.Port);
        await connection.SendAsync(RawKafkaConnection.ApiVersionsRequest(1234, version));

        var frame = await connection.ReadFrameAsync();
        Assert.NotNull(frame);
        var reader = new KafkaReader(frame);
        Assert.Equal(1234, reader.ReadInt32());
        Assert.Equal(0, reader.ReadInt16());
        var count = reader.ReadArrayLength(compact: version >= 3, 6);
        var keys = new List<short>();
        for (var i = 0; i < count; i++)
        {
            keys.Add(reader.ReadInt16());
            reader.ReadInt16();
            reader.ReadInt16();
            if (version >= 3)
            {
                reader.ReadTaggedFieldCount();
            }
        }

        Assert.Contains((short)18, keys);
        Assert.Contains(EchoHandler.Key, keys);
    }

    [Fact]
    public async Task Pipelined_requests_come_back_in_request_order_even_when_handlers_finish_out_of_order()
    {
        await using var connection = await RawKafkaConnection.ConnectAsync(_silo.Port);
        const int count = 20;
        var batch = new List<byte>();
        for (var i = 0; i < count; i++)
        {
            // Earlier requests wait longer, so they complete after later ones.
            var request = i % 3 == 0
                ? RawKafkaConnection.ApiVersionsRequest(i, (short)(i % 4))
                : RawKafkaConnection.Request(EchoHandler.Key, 0, i, EchoHandler.Body((count - i) * 10));
            batch.AddRange(request);
        }

        await connection.SendAsync(batch.ToArray());

        for (var i = 0; i < count; i++)
        {
            var frame = await connection.ReadFrameAsync();
            Assert.NotNull(frame);
            Assert.Equal(i, CorrelationId(frame));
            if (i % 3 != 0)
            {
                Assert.Equal((count - i) * 10, BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(4)));
            }
        }
    }

    [Fact]
    public async Task A_suppressed_response_is_skipped_and_later_responses_still_arrive()
    {
        await using var connection = await RawKafkaConnection.ConnectAsync(_silo.Port);
        await connection.SendAsync(RawKafkaConnection.Request(EchoHandler.Key, 0, 1, EchoHandler.Body(-1)));
        await connection.SendAsync(RawKafkaConnection.Request(EchoHandler.Key, 0, 2, EchoHandler.Body(0)));

        var frame = await connection.ReadFrameAsync();
        Assert.NotNull(frame);
        Assert.Equal(2, CorrelationId(frame));
    }

    [Fact]
    public async Task A_frame_larger_than_the_transport_buffer_is_received_whole()
    {
        await using var connection = await RawKafkaConnection.ConnectAsync(_silo.Port);
        const int extra = 3 * 1024 * 1024;
        await connection.SendAsync(RawKafkaConnection.Request(EchoHandler.Key, 0, 9, EchoHandler.Body(0, extra)));

        var frame = await connection.ReadFrameAsync();
        Assert.NotNull(frame);
        Assert.Equal(9, CorrelationId(frame));
        Assert.Equal(4 + extra, BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(8)));
    }

    public static TheoryData<string, byte[]> MalformedFrames => new()
    {
        { "negative size", [0xFF, 0xFF, 0xFF, 0xF0] },
        { "zero size", [0, 0, 0, 0] },
        { "size above socket.request.max.bytes", [0x00, 0x50, 0x00, 0x00, 1, 2, 3] },
        { "garbage header", [0, 0, 0, 3, 0xAB, 0xCD, 0xEF] },
        { "unknown api key", RawKafkaConnection.Request(4242, 0, 1, []) },
        { "unsupported version of a non-ApiVersions api", RawKafkaConnection.Request(EchoHandler.Key, 5, 1, EchoHandler.Body(0)) },
        { "truncated body", RawKafkaConnection.Request(EchoHandler.Key, 0, 1, [0, 0]) },
    };

    [Theory]
    [MemberData(nameof(MalformedFrames))]
    public async Task A_malformed_frame_closes_only_its_connection(string what, byte[] bytes)
    {
        await using var healthy = await RawKafkaConnection.ConnectAsync(_silo.Port);
        await healthy.SendAsync(RawKafkaConnection.ApiVersionsRequest(1));
        Assert.NotNull(await healthy.ReadFrameAsync());

        await using var bad = await RawKafkaConnection.ConnectAsync(_silo.Port);
        await bad.SendAsync(bytes);
        Assert.True(await bad.IsClosedBySiloAsync(), what);

        await healthy.SendAsync(RawKafkaConnection.ApiVersionsRequest(2));
        var frame = await healthy.ReadFrameAsync();
        Assert.NotNull(frame);
        Assert.Equal(2, CorrelationId(frame));

        await using var fresh = await RawKafkaConnection.ConnectAsync(_silo.Port);
        await fresh.SendAsync(RawKafkaConnection.ApiVersionsRequest(3));
        Assert.NotNull(await fresh.ReadFrameAsync());
    }

    [Fact]
    public async Task Responses_before_a_malformed_request_are_still_delivered()
    {
        await using var connection = await RawKafkaConnection.ConnectAsync(_silo.Port);
        byte[] both = [.. RawKafkaConnection.ApiVersionsRequest(7), .. RawKafkaConnection.Request(4242, 0, 8, [])];
        await connection.SendAsync(both);

        var frame = await connection.ReadFrameAsync();
        Assert.NotNull(frame);
        Assert.Equal(7, CorrelationId(frame));
        Assert.True(await connection.IsClosedBySiloAsync());
    }
}
