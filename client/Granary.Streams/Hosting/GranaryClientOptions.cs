// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Globalization;

namespace Granary.Streams.Hosting;

/// <summary>
/// How to reach the cluster. Bound from <c>ConnectionStrings:&lt;name&gt;</c> (either "host:port,host:port" or
/// "BootstrapServers=…;ClientId=…") or from a <c>Granary</c> configuration section.
/// </summary>
public sealed class GranaryClientOptions
{
    /// <summary>Kafka's bootstrap.servers: comma-separated host:port pairs. Default "localhost:9092".</summary>
    public string BootstrapServers { get; set; } = "localhost:9092";

    /// <summary>Kafka's client.id. Default "granary".</summary>
    public string ClientId { get; set; } = "granary";

    /// <summary>Further client settings by their Kafka/librdkafka names (e.g. "compression.type": "lz4"); validated when a producer or consumer is built.</summary>
    public Dictionary<string, string> Config { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Applies a connection string: a bare server list, or ';'-separated Key=Value pairs (BootstrapServers, ClientId, or any Kafka setting).</summary>
    public void ApplyConnectionString(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        if (!connectionString.Contains('=', StringComparison.Ordinal))
        {
            BootstrapServers = connectionString.Trim();
            return;
        }

        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"ConnectionStrings entry '{part}' is not Key=Value.");
            }

            var key = part[..equals].Trim();
            var value = part[(equals + 1)..].Trim();
            if (key.Equals(nameof(BootstrapServers), StringComparison.OrdinalIgnoreCase) || key == "bootstrap.servers")
            {
                BootstrapServers = value;
            }
            else if (key.Equals(nameof(ClientId), StringComparison.OrdinalIgnoreCase) || key == "client.id")
            {
                ClientId = value;
            }
            else
            {
                Config[key] = value;
            }
        }
    }

    /// <summary>Problems with the values, each naming the key and the allowed range; empty when valid.</summary>
    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(BootstrapServers))
        {
            yield return "Granary:BootstrapServers must list at least one host:port.";
            yield break;
        }

        foreach (var server in BootstrapServers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = server.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(server.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                yield return $"Granary:BootstrapServers entry '{server}' must be host:port with a port between 1 and 65535.";
            }
        }

        if (string.IsNullOrWhiteSpace(ClientId))
        {
            yield return "Granary:ClientId must not be empty.";
        }
    }
}
