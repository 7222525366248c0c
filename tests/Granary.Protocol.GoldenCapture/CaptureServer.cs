// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Granary.Protocol.GoldenCapture;

/// <summary>
/// Accepts connections on a loopback port and serves each with the <see cref="CaptureBroker"/>. A request the
/// broker cannot answer closes that connection (the client reconnects or gives up); nothing a client sends stops
/// the listener.
/// </summary>
internal sealed class CaptureServer(CaptureBroker broker, IPEndPoint endpoint, TextWriter log)
{
    // Client frames in a capture are small; refusing big ones keeps a confused peer from exhausting memory.
    private const int MaxFrameSize = 16 * 1024 * 1024;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var listener = new TcpListener(endpoint);
        listener.Start();
        log.WriteLine($"listening on {endpoint}");
        var connections = new List<Task>();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(cancellationToken);
                connections.Add(ServeAsync(client, cancellationToken));
                connections.RemoveAll(task => task.IsCompleted);
            }
        }
        catch (OperationCanceledException)
        {
            // Shutdown.
        }

        await Task.WhenAll(connections);
    }

    private async Task ServeAsync(TcpClient client, CancellationToken cancellationToken)
    {
        using var _ = client;
        var remote = client.Client.RemoteEndPoint;
        var stream = client.GetStream();
        var sizeBytes = new byte[4];
        try
        {
            while (true)
            {
                await stream.ReadExactlyAsync(sizeBytes, cancellationToken);
                var size = BinaryPrimitives.ReadInt32BigEndian(sizeBytes);
                if (size is < 8 or > MaxFrameSize)
                {
                    log.WriteLine($"{remote}: frame size {size} refused; closing");
                    return;
                }

                var frame = new byte[size];
                await stream.ReadExactlyAsync(frame, cancellationToken);
                var response = await broker.HandleAsync(frame, cancellationToken);
                if (response is not null)
                {
                    await stream.WriteAsync(response, cancellationToken);
                }
            }
        }
        catch (EndOfStreamException)
        {
            log.WriteLine($"{remote}: closed by client");
        }
        catch (OperationCanceledException)
        {
            // Shutdown.
        }
        catch (IOException exception)
        {
            log.WriteLine($"{remote}: {exception.Message}");
        }
        catch (ProtocolException exception)
        {
            log.WriteLine($"{remote}: {exception.Message}; closing");
        }
    }
}
