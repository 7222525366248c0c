// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Net;
using System.Net.Sockets;

namespace Granary.InteropTests;

/// <summary>
/// A TCP proxy in front of the silo that cuts connections at random points of the byte stream (seeded, so a run can
/// be repeated): each connection may forward a random number of response bytes (enough for the connection handshake), then both sockets are closed, often
/// between a request being served and its response arriving: exactly when a producer retries.
/// </summary>
public sealed class ChaosProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Random _random;
    private readonly int _maxCuts;
    private readonly Lock _gate = new();
    private Task _accepting = Task.CompletedTask;
    private int _cuts;

    public ChaosProxy(int seed, int maxCuts)
    {
        _random = new Random(seed);
        _maxCuts = maxCuts;
        _listener.Start();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int UpstreamPort { get; set; }

    public int Cuts => Volatile.Read(ref _cuts);

    public void Start() => _accepting = AcceptAsync();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var upstream = new TcpClient { NoDelay = true };
        using (client)
        {
            client.NoDelay = true;
            try
            {
                await upstream.ConnectAsync(IPAddress.Loopback, UpstreamPort, _stop.Token);
                long budget;
                lock (_gate)
                {
                    budget = _cuts < _maxCuts ? _random.Next(1500, 8000) : long.MaxValue;
                }

                using var connection = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                var requests = PumpAsync(client.GetStream(), upstream.GetStream(), long.MaxValue, connection.Token);
                var responses = PumpAsync(upstream.GetStream(), client.GetStream(), budget, connection.Token);
                var first = await Task.WhenAny(requests, responses);
                if (first == responses && await responses)
                {
                    Interlocked.Increment(ref _cuts);
                }

                await connection.CancelAsync();
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>Copies until EOF or until <paramref name="budget"/> bytes passed; returns true when it cut the connection.</summary>
    private static async Task<bool> PumpAsync(NetworkStream from, NetworkStream to, long budget, CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        long forwarded = 0;
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, cancellationToken);
                if (read == 0)
                {
                    return false;
                }

                var allowed = (int)Math.Min(read, budget - forwarded);
                if (allowed > 0)
                {
                    await to.WriteAsync(buffer.AsMemory(0, allowed), cancellationToken);
                    forwarded += allowed;
                }

                if (forwarded >= budget)
                {
                    return true;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            return false;
        }
    }
}
