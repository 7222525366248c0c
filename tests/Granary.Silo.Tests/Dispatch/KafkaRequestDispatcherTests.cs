// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers.Binary;
using Granary.Protocol;
using Granary.Protocol.Primitives;
using Granary.Silo.Dispatch;
using Granary.Silo.Handlers;
using Granary.Silo.Network;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Granary.Silo.Tests.Dispatch;

public sealed class KafkaRequestDispatcherTests : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly RecordingHandler _recording = new();
    private readonly KafkaRequestDispatcher _dispatcher;

    public KafkaRequestDispatcherTests()
    {
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddSingleton<ApiHandlerRegistry>();
        services.AddApiHandler<ApiVersionsHandler>();
        services.AddSingleton<IApiHandler>(_recording);
        services.AddSingleton<KafkaRequestDispatcher>();
        _services = services.BuildServiceProvider();
        _dispatcher = _services.GetRequiredService<KafkaRequestDispatcher>();
    }

    public void Dispose() => _services.Dispose();

    private async Task<FrameResult> DispatchAsync(RequestFrame frame)
    {
        using (frame)
        {
            return await _dispatcher.DispatchAsync(frame, TestFrames.Connection, CancellationToken.None);
        }
    }

    private static byte[] Body(FrameResult result)
    {
        Assert.Equal(FrameResultKind.Respond, result.Kind);
        using var response = result.Response!;
        return response.WrittenMemory.ToArray();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task ApiVersions_classic_versions_list_every_registered_handler(short version)
    {
        var body = Body(await DispatchAsync(TestFrames.Request(18, version, 77, flexible: false)));

        var reader = new KafkaReader(body);
        Assert.Equal(77, reader.ReadInt32());
        Assert.Equal(0, reader.ReadInt16());
        Assert.Equal(2, reader.ReadArrayLength(compact: false, 6));
        Assert.Equal((RecordingHandler.Key, 1, 4), (reader.ReadInt16(), reader.ReadInt16(), reader.ReadInt16()));
        Assert.Equal((18, 0, 3), (reader.ReadInt16(), reader.ReadInt16(), reader.ReadInt16()));
        if (version >= 1)
        {
            Assert.Equal(0, reader.ReadInt32());
        }

        Assert.True(reader.IsAtEnd);
    }

    [Fact]
    public async Task ApiVersions_v3_is_flexible_but_keeps_response_header_v0()
    {
        var body = Body(await DispatchAsync(TestFrames.Request(18, 3, 5, flexible: true, TestFrames.ApiVersionsV3Body())));

        var reader = new KafkaReader(body);
        Assert.Equal(5, reader.ReadInt32());
        Assert.Equal(0, reader.ReadInt16()); // no tag byte in front: header v0
        Assert.Equal(2, reader.ReadArrayLength(compact: true, 7));
        for (var i = 0; i < 2; i++)
        {
            reader.ReadInt16();
            reader.ReadInt16();
            reader.ReadInt16();
            Assert.Equal(0, reader.ReadTaggedFieldCount());
        }

        Assert.Equal(0, reader.ReadInt32());
        Assert.Equal(0, reader.ReadTaggedFieldCount());
        Assert.True(reader.IsAtEnd);
    }

    [Fact]
    public async Task ApiVersions_unsupported_version_answers_error_35_with_its_own_range_at_v0()
    {
        var body = Body(await DispatchAsync(TestFrames.Request(18, 9, 11, flexible: true, [1, 2, 3])));

        var reader = new KafkaReader(body);
        Assert.Equal(11, reader.ReadInt32());
        Assert.Equal((short)KafkaErrorCode.UnsupportedVersion, reader.ReadInt16());
        Assert.Equal(1, reader.ReadArrayLength(compact: false, 6));
        Assert.Equal((18, 0, 3), (reader.ReadInt16(), reader.ReadInt16(), reader.ReadInt16()));
        Assert.True(reader.IsAtEnd);
    }

    [Fact]
    public async Task Unknown_api_key_closes_the_connection()
    {
        var result = await DispatchAsync(TestFrames.Request(999, 0, 1, flexible: false));
        Assert.Equal(FrameResultKind.Close, result.Kind);
        Assert.Contains("999", result.CloseReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unsupported_version_of_another_api_closes_the_connection()
    {
        var result = await DispatchAsync(TestFrames.Request(RecordingHandler.Key, 5, 1, flexible: false, [0, 0, 0, 1]));
        Assert.Equal(FrameResultKind.Close, result.Kind);
        Assert.Empty(_recording.Requests);
    }

    [Theory]
    [InlineData(new byte[] { 0 })]
    [InlineData(new byte[] { 0, 18, 0 })]
    [InlineData(new byte[] { 0, 18, 0, 1, 0, 0, 0, 1, 0, 50, (byte)'x' })] // client id longer than the frame
    public async Task Truncated_header_closes_the_connection(byte[] payload)
    {
        var result = await DispatchAsync(RequestFrame.Copy(payload));
        Assert.Equal(FrameResultKind.Close, result.Kind);
    }

    [Fact]
    public async Task Flexible_request_header_tags_are_skipped_and_response_header_v1_is_written()
    {
        // One tagged field (tag 0, two bytes) in the request header, then the body.
        var frame = TestFrames.Request(RecordingHandler.Key, 4, 42, flexible: true, [0, 0, 0, 9], clientId: null, headerTags: [1, 0, 2, 0xAA, 0xBB]);
        var body = Body(await DispatchAsync(frame));

        Assert.Equal([0, 0, 0, 42, 0, 0, 0, 0, 9], body);
        var request = Assert.Single(_recording.Requests);
        Assert.True(request.IsFlexible);
        Assert.Null(request.ClientId);
        Assert.Equal(4, request.ApiVersion);
    }

    [Fact]
    public async Task Classic_request_gets_response_header_v0_and_the_client_id()
    {
        var body = Body(await DispatchAsync(TestFrames.Request(RecordingHandler.Key, 2, 43, flexible: false, [0, 0, 1, 0])));

        Assert.Equal(43, BinaryPrimitives.ReadInt32BigEndian(body));
        Assert.Equal([0, 0, 1, 0], body[4..]);
        Assert.Equal("tests", Assert.Single(_recording.Requests).ClientId);
    }

    [Fact]
    public async Task Suppressed_response_sends_nothing()
    {
        var result = await DispatchAsync(TestFrames.Request(RecordingHandler.Key, 1, 1, flexible: false, [0xFF, 0xFF, 0xFF, 0xFF]));
        Assert.Equal(FrameResultKind.NoResponse, result.Kind);
        Assert.Null(result.Response);
    }

    [Fact]
    public async Task Malformed_body_closes_the_connection()
    {
        Assert.Equal(FrameResultKind.Close, (await DispatchAsync(TestFrames.Request(RecordingHandler.Key, 1, 1, flexible: false, [0xFF, 0xFF, 0xFF, 0xFE]))).Kind);
        Assert.Equal(FrameResultKind.Close, (await DispatchAsync(TestFrames.Request(RecordingHandler.Key, 1, 1, flexible: false, [0, 1]))).Kind);
    }

    [Theory]
    [InlineData(3, 2)]
    [InlineData(0, 13)]
    public void Registry_rejects_a_range_outside_the_spec_or_inverted(short min, short max)
    {
        Assert.Throws<InvalidOperationException>(() => new ApiHandlerRegistry([new RangeHandler(min, max)]));
    }

    [Fact]
    public void ApiVersions_handler_is_registered_by_default()
    {
        var registry = _services.GetRequiredService<ApiHandlerRegistry>();
        Assert.Contains(registry.Handlers, h => h is ApiVersionsHandler);
    }

    private sealed class RangeHandler(short min, short max) : IApiHandler
    {
        public ApiKey ApiKey => ApiKey.Metadata;

        public short MinVersion => min;

        public short MaxVersion => max;

        public ValueTask HandleAsync(ApiRequest request, ApiResponse response, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
