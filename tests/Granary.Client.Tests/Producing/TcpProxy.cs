// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Granary.Client.Tests.Producing;

/// <summary>
/// A socket-level proxy in front of a silo: it can hold back everything the broker sends (a slow acknowledgement
/// path) and cut connections (all at once, or a random one at intervals).
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentDictionary<int, Link> _links = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private TaskCompletionSource _downstreamOpen = Opened();
    private TaskCompletionSource _upstreamOpen = Opened();
    private Task _chaos = Task.CompletedTask;
    private int _nextLink;
    private int _cuts;

    public TcpProxy()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>Where connections go; set before the first client connects.</summary>
    public int TargetPort { get; set; }

    public int Cuts => Volatile.Read(ref _cuts);

    /// <summary>Bytes from the broker wait until <see cref="OpenDownstream"/>.</summary>
    public void HoldDownstream() => Interlocked.CompareExchange(ref _downstreamOpen, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), _downstreamOpen);

    public void OpenDownstream() => _downstreamOpen.TrySetResult();

    /// <summary>Stops reading what clients send (their writes block once the socket buffers are full) until <see cref="OpenUpstream"/>.</summary>
    public void HoldUpstream() => Interlocked.CompareExchange(ref _upstreamOpen, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), _upstreamOpen);

    public void OpenUpstream() => _upstreamOpen.TrySetResult();

    /// <summary>Every <paramref name="minInterval"/>..<paramref name="maxInterval"/> ms, closes one live connection chosen at random.</summary>
    public void StartChaos(int seed, int minInterval, int maxInterval, int maxCuts)
    {
        var random = new Random(seed);
        _chaos = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested && Cuts < maxCuts)
            {
                await Task.Delay(random.Next(minInterval, maxInterval), _stop.Token).ConfigureAwait(false);
                var live = _links.Values.ToArray();
                if (live.Length > 0)
                {
                    live[random.Next(live.Length)].Cut();
                    Interlocked.Increment(ref _cuts);
                }
            }
        });
    }

    public async Task StopChaosAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _chaos;
        }
        catch (OperationCanceledException)
        {
            // Stopped while waiting for the next cut.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopChaosAsync();
        _listener.Stop();
        OpenDownstream();
        OpenUpstream();
        foreach (var link in _links.Values)
        {
            link.Cut();
        }

        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The listener was stopped.
        }

        _stop.Dispose();
    }

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptSocketAsync(_stop.Token);
            var server = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            client.NoDelay = true;
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, TargetPort, _stop.Token);
            }
            catch (SocketException)
            {
                client.Dispose();
                server.Dispose();
                continue;
            }

            var id = Interlocked.Increment(ref _nextLink);
            var link = new Link(client, server);
            _links[id] = link;
            _ = Task.WhenAll(PumpAsync(client, server, link, downstream: false), PumpAsync(server, client, link, downstream: true))
                .ContinueWith(_ => _links.TryRemove(id, out var _), TaskScheduler.Default);
        }
    }

    private async Task PumpAsync(Socket from, Socket to, Link link, bool downstream)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                if (!downstream)
                {
                    await _upstreamOpen.Task;
                }

                var read = await from.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0)
                {
                    break;
                }

                if (downstream)
                {
                    await _downstreamOpen.Task;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Cut, or the other side closed.
        }
        finally
        {
            link.Cut();
        }
    }

    private sealed class Link(Socket client, Socket server)
    {
        public void Cut()
        {
            client.Dispose();
            server.Dispose();
        }
    }
}
