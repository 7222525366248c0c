// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Globalization;
using System.Net.Sockets;

namespace Granary.Cli;

/// <summary>
/// Checks that at least one bootstrap server accepts a TCP connection before a command starts, so an unreachable
/// broker fails after a bounded time with the addresses tried, instead of after the client's long retry budgets.
/// </summary>
public static class BrokerProbe
{
    /// <summary>The CLI's connect budget when the configuration sets no socket.connection.setup.timeout.ms.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    public static TimeSpan TimeoutFrom(IReadOnlyDictionary<string, string> config) =>
        config.TryGetValue("socket.connection.setup.timeout.ms", out var text)
        && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && ms > 0
            ? TimeSpan.FromMilliseconds(ms)
            : DefaultTimeout;

    public static async Task EnsureReachableAsync(IReadOnlyDictionary<string, string> config, TimeProvider time, CancellationToken cancellationToken)
    {
        var list = config.TryGetValue("bootstrap.servers", out var servers) ? servers : CommonOptions.DefaultBootstrapServer;
        var addresses = ParseAddresses(list);
        var timeout = TimeoutFrom(config);
        using var budget = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(budget.Token, cancellationToken);
        var attempts = addresses.Select(a => TryConnectAsync(a.Host, a.Port, linked.Token)).ToList();
        var reasons = new List<string>();
        while (attempts.Count > 0)
        {
            var done = await Task.WhenAny(attempts).ConfigureAwait(false);
            attempts.Remove(done);
            var reason = await done.ConfigureAwait(false);
            if (reason is null)
            {
                return;
            }

            reasons.Add(reason);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var seconds = timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        throw CliException.Failed($"cannot reach broker {string.Join(", ", addresses.Select(a => $"{a.Host}:{a.Port}"))} within {seconds} s ({string.Join("; ", reasons.Distinct())})");
    }

    public static IReadOnlyList<(string Host, int Port)> ParseAddresses(string list)
    {
        var result = new List<(string, int)>();
        foreach (var entry in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var address = entry.Contains("://", StringComparison.Ordinal) ? entry[(entry.IndexOf("://", StringComparison.Ordinal) + 3)..] : entry;
            var colon = address.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(address[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                throw CliException.Usage($"bad broker address '{entry}': expected host:port with a port in 1..65535");
            }

            result.Add((address[..colon].Trim('[', ']'), port));
        }

        if (result.Count == 0)
        {
            throw CliException.Usage("--bootstrap-server is empty: expected host:port[,host:port...]");
        }

        return result;
    }

    private static async Task<string?> TryConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException)
        {
            return "timed out";
        }
        catch (SocketException ex)
        {
            return ex.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused",
                SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "host not found",
                _ => ex.Message,
            };
        }
    }
}
