// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Globalization;

namespace Granary.Client.Network;

/// <summary>A broker's host and port.</summary>
internal readonly record struct BrokerAddress(string Host, int Port)
{
    /// <summary>Parses bootstrap.servers: "host:port,host2:port2" (port defaults to 9092; "PLAINTEXT://" prefixes are dropped).</summary>
    public static IReadOnlyList<BrokerAddress> ParseList(string? servers)
    {
        if (string.IsNullOrWhiteSpace(servers))
        {
            throw new ArgumentException("Configuration property \"bootstrap.servers\" must name at least one broker.", nameof(servers));
        }

        var result = new List<BrokerAddress>();
        foreach (var raw in servers.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var item = raw;
            var scheme = item.IndexOf("://", StringComparison.Ordinal);
            if (scheme >= 0)
            {
                item = item[(scheme + 3)..];
            }

            var colon = item.LastIndexOf(':');
            if (colon < 0 || item.EndsWith(']'))
            {
                result.Add(new BrokerAddress(item.Trim('[', ']'), 9092));
                continue;
            }

            if (!int.TryParse(item.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                throw new ArgumentException($"Invalid broker address \"{raw}\" in configuration property \"bootstrap.servers\".", nameof(servers));
            }

            result.Add(new BrokerAddress(item[..colon].Trim('[', ']'), port));
        }

        return result;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}");
}
