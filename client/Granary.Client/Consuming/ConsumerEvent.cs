// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Client.Consuming;

/// <summary>Something the background loops hand to the Consume thread, which runs the application's handlers.</summary>
internal abstract record ConsumerEvent
{
    /// <summary>A rebalance step; the group loop waits for <see cref="Done"/> before it goes on.</summary>
    public sealed record Rebalance(RebalanceKind Kind, List<TopicPartition> Partitions) : ConsumerEvent
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>An error for the error handler (Consume keeps going).</summary>
    public sealed record ErrorRaised(Error Error) : ConsumerEvent;

    /// <summary>An error Consume throws as a ConsumeException.</summary>
    public sealed record ConsumeFailed(TopicPartitionOffset Position, Error Error) : ConsumerEvent;

    /// <summary>An automatic commit's outcome, for the offsets-committed handler.</summary>
    public sealed record Committed(List<TopicPartitionOffsetError> Offsets, Error Error) : ConsumerEvent;

    public sealed record Log(LogMessage Message) : ConsumerEvent;

    public sealed record Statistics(string Json) : ConsumerEvent;
}
