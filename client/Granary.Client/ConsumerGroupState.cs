// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client;

/// <summary>A classic consumer group's state (Kafka's names).</summary>
public enum ConsumerGroupState
{
    Unknown = 0,
    PreparingRebalance = 1,
    CompletingRebalance = 2,
    Stable = 3,
    Dead = 4,
    Empty = 5,
}
