// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Streams;

/// <summary>How one subscription starts; every property is optional.</summary>
public sealed class StreamSubscribeOptions
{
    /// <summary>The durable identity of the subscription (part of its consumer group name); "default" when null.</summary>
    public string? Name { get; init; }

    /// <summary>Rewind to this record (inclusive), whatever the committed position.</summary>
    public StreamSequenceToken? Token { get; init; }

    /// <summary>Rewind to the first record with a timestamp at or after this instant (ListOffsets by time).</summary>
    public DateTimeOffset? FromTime { get; init; }

    /// <summary>Where to start when the subscription has no committed position yet.</summary>
    public StreamSubscriptionStartPosition StartPosition { get; init; } = StreamSubscriptionStartPosition.Earliest;
}
