// Copyright (c) Granary contributors. Licensed under the MIT License.

namespace Granary.Streams;

/// <summary>A subscription (Orleans' shape). Unsubscribing stops delivery here and deletes the consumer group (refused while it has live members elsewhere).</summary>
public abstract class StreamSubscriptionHandle<T> : IEquatable<StreamSubscriptionHandle<T>>
{
    public abstract StreamId StreamId { get; }

    public abstract string ProviderName { get; }

    /// <summary>Derived from the consumer group name, so it is the same in every process and after restarts.</summary>
    public abstract Guid HandleId { get; }

    /// <summary>The consumer group that stores this subscription's position.</summary>
    public abstract string GroupId { get; }

    public abstract Task UnsubscribeAsync();

    public abstract Task<StreamSubscriptionHandle<T>> ResumeAsync(IAsyncObserver<T> observer, StreamSequenceToken? token = null);

    public abstract Task<StreamSubscriptionHandle<T>> ResumeAsync(IAsyncBatchObserver<T> observer, StreamSequenceToken? token = null);

    public bool Equals(StreamSubscriptionHandle<T>? other) => other is not null && HandleId == other.HandleId;

    public override bool Equals(object? obj) => Equals(obj as StreamSubscriptionHandle<T>);

    public override int GetHashCode() => HandleId.GetHashCode();
}
