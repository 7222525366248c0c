// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Client.Configuration;

namespace Granary.Client.Administration;

/// <summary>The admin client's settings read from a validated config.</summary>
internal sealed record AdminSettings
{
    /// <summary>The default request timeout when an options object leaves it null (librdkafka uses socket.timeout.ms).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan RetryBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan RetryBackoffMax { get; init; } = TimeSpan.FromSeconds(1);

    public static AdminSettings From(ResolvedConfig config) => new()
    {
        RequestTimeout = TimeSpan.FromMilliseconds(config.GetInt64("socket.timeout.ms")),
        RetryBackoff = TimeSpan.FromMilliseconds(config.GetInt64("retry.backoff.ms")),
        RetryBackoffMax = TimeSpan.FromMilliseconds(config.GetInt64("retry.backoff.max.ms")),
    };
}
