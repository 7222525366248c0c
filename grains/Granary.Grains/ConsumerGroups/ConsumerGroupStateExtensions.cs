// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Grains.ConsumerGroups;

/// <summary>Kafka's names for group states, as DescribeGroups and ListGroups report them.</summary>
public static class ConsumerGroupStateExtensions
{
    /// <summary>The exact string Kafka reports for the state.</summary>
    public static string ToKafkaName(this ConsumerGroupState state) => state switch
    {
        ConsumerGroupState.Empty => "Empty",
        ConsumerGroupState.PreparingRebalance => "PreparingRebalance",
        ConsumerGroupState.CompletingRebalance => "CompletingRebalance",
        ConsumerGroupState.Stable => "Stable",
        ConsumerGroupState.Dead => "Dead",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown group state."),
    };

    /// <summary>Whether Kafka allows a transition from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static bool CanTransitionTo(this ConsumerGroupState from, ConsumerGroupState to) => to switch
    {
        ConsumerGroupState.PreparingRebalance => from is ConsumerGroupState.Stable or ConsumerGroupState.CompletingRebalance or ConsumerGroupState.Empty,
        ConsumerGroupState.CompletingRebalance => from is ConsumerGroupState.PreparingRebalance,
        ConsumerGroupState.Stable => from is ConsumerGroupState.CompletingRebalance,
        ConsumerGroupState.Empty => from is ConsumerGroupState.PreparingRebalance,
        ConsumerGroupState.Dead => true,
        _ => false,
    };
}
