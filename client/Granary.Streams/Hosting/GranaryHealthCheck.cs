// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Globalization;
using System.Net.Sockets;
using Granary.Streams.Providers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Granary.Streams.Hosting;

/// <summary>
/// Healthy when a bootstrap server accepts a connection and no subscription of a registered provider is failing;
/// degraded while a subscription is restarting after a failure.
/// </summary>
public sealed class GranaryHealthCheck(IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var client = services.GetRequiredService<GranaryClient>();
        if (!await AnyServerReachableAsync(client.Options.BootstrapServers, cancellationToken).ConfigureAwait(false))
        {
            return HealthCheckResult.Unhealthy($"No bootstrap server of '{client.Options.BootstrapServers}' accepts connections.");
        }

        var failing = new List<string>();
        foreach (var name in services.GetServices<GranaryStreamsProviderName>().Select(n => n.Name).Distinct())
        {
            failing.AddRange(services.GetRequiredKeyedService<GranaryStreamProvider>(name).FailingGroups);
        }

        return failing.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Degraded("Subscriptions restarting after a failure: " + string.Join(", ", failing));
    }

    private static async Task<bool> AnyServerReachableAsync(string servers, CancellationToken cancellationToken)
    {
        foreach (var server in servers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = server.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(server.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
            {
                continue;
            }

            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            try
            {
                await socket.ConnectAsync(server[..colon].Trim('[', ']'), port, timeout.Token).ConfigureAwait(false);
                return true;
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException)
            {
                // Try the next server.
            }
        }

        return false;
    }
}
