// Copyright (c) Granary contributors. Licensed under the MIT License.

using Granary.Client;

namespace Granary.Streams.Failures;

/// <summary>Options of <see cref="DeadLetterReplayer.ReplayAsync"/>.</summary>
public sealed class DeadLetterReplayOptions
{
    /// <summary>The dead-letter topic suffix. Default ".dlq".</summary>
    public string Suffix { get; init; } = ".dlq";

    /// <summary>The consumer group that remembers replay progress. Default "granary.dlq-replay.&lt;topic&gt;".</summary>
    public string? GroupId { get; init; }

    /// <summary>Only records this returns true for are replayed (the others are skipped and committed past).</summary>
    public Func<Message<byte[], byte[]>, bool>? Filter { get; init; }

    /// <summary>Gives up waiting for the topic or its end after this long. Default 30 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
}
