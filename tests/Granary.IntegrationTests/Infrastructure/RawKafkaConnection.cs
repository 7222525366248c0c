// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers.Binary;
using System.Net.Sockets;
using Granary.Protocol.Primitives;

namespace Granary.IntegrationTests.Infrastructure;

/// <summary>A bare TCP connection speaking size-prefixed frames, for driving the listener byte by byte.</summary>
public sealed class RawKafkaConnection : IAsyncDisposable
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(30);

    private readonly TcpClient _client;
    private readonly NetworkStream _stream;

    private RawKafkaConnection(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public static async Task<RawKafkaConnection> ConnectAsync(int port)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync("127.0.0.1", port);
        return new RawKafkaConnection(client);
    }

    /// <summary>A request frame with header v1 (classic) or v2 (flexible, no tags), size prefix included.</summary>
    public static byte[] Request(short apiKey, short version, int correlationId, ReadOnlySpan<byte> body, bool flexible = false)
    {
        var writer = new KafkaWriter();
        writer.WriteInt32(0); // size, patched below
        writer.WriteInt16(apiKey);
        writer.WriteInt16(version);
        writer.WriteInt32(correlationId);
        writer.WriteNullableString("integration-tests", compact: false);
        if (flexible)
        {
            writer.WriteUnsignedVarInt(0);
        }

        writer.WriteRaw(body);
        var bytes = writer.WrittenMemory.ToArray();
        BinaryPrimitives.WriteInt32BigEndian(bytes, bytes.Length - 4);
        return bytes;
    }

    public static byte[] ApiVersionsRequest(int correlationId, short version = 0)
    {
        if (version < 3)
        {
            return Request(18, version, correlationId, []);
        }

        var body = new KafkaWriter();
        body.WriteString("granary-it", compact: true);
        body.WriteString("1.0", compact: true);
        body.WriteUnsignedVarInt(0);
        return Request(18, version, correlationId, body.WrittenMemory.Span, flexible: true);
    }

    public async Task SendAsync(ReadOnlyMemory<byte> bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    /// <summary>Reads one response frame (correlation id first); null when the silo closed the connection.</summary>
    public async Task<byte[]?> ReadFrameAsync()
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        var prefix = new byte[4];
        if (!await ReadExactlyAsync(prefix, timeout.Token))
        {
            return null;
        }

        var frame = new byte[BinaryPrimitives.ReadInt32BigEndian(prefix)];
        return await ReadExactlyAsync(frame, timeout.Token) ? frame : null;
    }

    /// <summary>True when the silo closed the connection (no further bytes arrive).</summary>
    public async Task<bool> IsClosedBySiloAsync()
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        try
        {
            var one = new byte[1];
            return await _stream.ReadAsync(one, timeout.Token) == 0;
        }
        catch (IOException)
        {
            return true; // reset
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _client.Dispose();
    }

    private async Task<bool> ReadExactlyAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            int n;
            try
            {
                n = await _stream.ReadAsync(buffer.AsMemory(read), cancellationToken);
            }
            catch (IOException)
            {
                return false;
            }

            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }
}
