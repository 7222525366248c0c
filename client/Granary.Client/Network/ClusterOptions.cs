// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Client.Configuration;

namespace Granary.Client.Network;

/// <summary>The connection settings a client's cluster view uses, read from a validated config.</summary>
internal sealed record ClusterOptions
{
    public required IReadOnlyList<BrokerAddress> Bootstrap { get; init; }

    public string? ClientId { get; init; } = "rdkafka";

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to keep trying the bootstrap servers before giving up with Local_AllBrokersDown.</summary>
    public TimeSpan BootstrapTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan ReconnectBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan ReconnectBackoffMax { get; init; } = TimeSpan.FromSeconds(10);

    public int MaxResponseBytes { get; init; } = 100000000;

    public bool AllowAutoCreateTopics { get; init; }

    /// <summary>TLS and SASL for every connection (security.protocol, sasl.*, ssl.*).</summary>
    public ConnectionSecurity Security { get; init; } = ConnectionSecurity.Plaintext;

    public static ClusterOptions From(ResolvedConfig config) => new()
    {
        Bootstrap = BrokerAddress.ParseList(config.GetString("bootstrap.servers")),
        ClientId = config.GetString("client.id"),
        ConnectTimeout = TimeSpan.FromMilliseconds(config.GetInt64("socket.connection.setup.timeout.ms")),
        RequestTimeout = TimeSpan.FromMilliseconds(config.GetInt64("socket.timeout.ms")),
        BootstrapTimeout = TimeSpan.FromMilliseconds(config.GetInt64("socket.connection.setup.timeout.ms")),
        ReconnectBackoff = TimeSpan.FromMilliseconds(config.GetInt64("reconnect.backoff.ms")),
        ReconnectBackoffMax = TimeSpan.FromMilliseconds(config.GetInt64("reconnect.backoff.max.ms")),
        MaxResponseBytes = config.GetInt32("receive.message.max.bytes"),
        AllowAutoCreateTopics = config.GetBoolean("allow.auto.create.topics"),
        Security = ConnectionSecurity.From(config),
    };
}
