// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Streams;

/// <summary>Where a subscription without a committed position starts (Kafka's auto.offset.reset).</summary>
public enum StreamSubscriptionStartPosition
{
    /// <summary>From the oldest retained record (LogStartOffset).</summary>
    Earliest,

    /// <summary>From records written after the subscription starts (LogEndOffset).</summary>
    Latest,
}
